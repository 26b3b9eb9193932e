//! What the Linux personality needs on RISC-V: its window of user memory (0..16 MiB, where
//! Debian's static binaries are linked at 0x1_0000) and the entry.

use core::ops::Range;

use super::mmu::{A, D, R, U, V, W, X, pte};
use super::user::run_user;
use crate::arch::UserExit;
use crate::arch::common::tables::{self, LINUX_SIZE, LOW};

/// The Linux program's memory: it is linked at 0x1_0000. It covers the megapage of the
/// `sifive_test` finisher, which [`crate::arch::exit`] reaches with translation off.
pub const LINUX_WINDOW: Range<usize> = 0..LINUX_SIZE;

/// Where the host's loader places the program image (physical, identity-mapped RAM).
pub const LINUX_IMAGE: usize = 0x8600_0000;

/// Maps [`LINUX_WINDOW`] for U-mode.
pub fn init_linux() {
    // SAFETY: one CPU, before the program runs; `sfence.vma` drops the old translations.
    unsafe {
        let low = LOW.entries();
        for (index, pa) in tables::linux_blocks(LINUX_WINDOW.start) {
            low[index] = pte(pa, V | R | W | X | U | A | D);
        }
        core::arch::asm!("sfence.vma", options(nostack));
    }
}

/// Enters the program at `entry` with the stack pointer at `sp` (its `argc`) and `a0`..`a2`
/// zero (`a0`, glibc's `rtld_fini`, must be).
pub fn enter_linux(entry: usize, sp: usize) -> UserExit {
    run_user(entry, sp, [0; 3])
}

/// The kernel command line (`-append`): `/chosen/bootargs` of the device tree the boot loader
/// passed.
pub fn cmdline() -> Option<&'static [u8]> {
    // SAFETY: the boot loader passed the device tree's address; it lies in identity-mapped RAM
    // that nothing writes.
    unsafe { crate::arch::common::fdt::bootargs(crate::arch::common::boot::boot_info()) }
}
