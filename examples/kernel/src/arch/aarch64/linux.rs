//! What the Linux personality needs on AArch64: its window of user memory (4..20 MiB, where
//! Debian's static binaries are linked), EL0 access to `CTR_EL0`, and the entry.

use core::arch::asm;
use core::ops::Range;

use super::mmu::{ACCESS_FLAG, AP_EL0, ATTR_NORMAL, INNER_SHAREABLE, PXN};
use super::user::run_user;
use crate::arch::UserExit;
use crate::arch::common::tables::{self, LINUX_SIZE, LOW};

/// The Linux program's memory: it is linked at 0x40_0000.
pub const LINUX_WINDOW: Range<usize> = 0x40_0000..0x40_0000 + LINUX_SIZE;

/// Where the host's loader places the program image (physical, identity-mapped RAM).
pub const LINUX_IMAGE: usize = 0x4600_0000;

/// `SCTLR_EL1.UCT`: EL0 may read `CTR_EL0` (glibc's cache-line queries).
const SCTLR_UCT: u64 = 1 << 15;

/// Maps [`LINUX_WINDOW`] for EL0 and lets EL0 read `CTR_EL0`.
pub fn init_linux() {
    let user = 0b01 | ATTR_NORMAL | AP_EL0 | INNER_SHAREABLE | ACCESS_FLAG | PXN;
    // SAFETY: one CPU, before the program runs; the blocks were unmapped, and the TLB is
    // invalidated after the edit.
    unsafe {
        let low = LOW.entries();
        for (index, pa) in tables::linux_blocks(LINUX_WINDOW.start) {
            low[index] = pa | user;
        }
        asm!(
            "dsb ish",
            "tlbi vmalle1",
            "dsb ish",
            "mrs {tmp}, sctlr_el1",
            "orr {tmp}, {tmp}, {uct}",
            "msr sctlr_el1, {tmp}",
            "isb",
            uct = in(reg) SCTLR_UCT,
            tmp = out(reg) _,
            options(nostack),
        );
    }
}

/// Enters the program at `entry` with the stack pointer at `sp` (its `argc`) and `x0`..`x2`
/// zero (`x0`, glibc's `rtld_fini`, must be).
pub fn enter_linux(entry: usize, sp: usize) -> UserExit {
    super::code::sync_icache(LINUX_WINDOW);
    run_user(entry, sp, [0; 3])
}

/// Where QEMU `virt` places the device tree for an ELF kernel, which it enters with `x0` = 0:
/// the start of RAM.
const DTB_AT_RAM_START: usize = 0x4000_0000;

/// The kernel command line (`-append`): `/chosen/bootargs` of the device tree (at the address
/// in `x0` at entry, else at the start of RAM).
pub fn cmdline() -> Option<&'static [u8]> {
    let passed = crate::arch::common::boot::boot_info();
    let dtb = if passed != 0 {
        passed
    } else {
        DTB_AT_RAM_START
    };
    // SAFETY: a device tree address in identity-mapped RAM that nothing writes; `bootargs`
    // checks the magic number first.
    unsafe { crate::arch::common::fdt::bootargs(dtb) }
}
