//! What the Linux personality needs on x86_64: its window of user memory (identity-mapped RAM
//! at 4..20 MiB, where Debian's static binaries are linked), SSE for glibc, and the entry.

use core::ops::Range;

use x86_64::registers::control::{Cr0, Cr0Flags, Cr4, Cr4Flags};

use super::paging::BOOT_PD;
use super::user::run_user;
use crate::arch::UserExit;

/// The Linux program's memory: it is linked at 0x40_0000.
pub const LINUX_WINDOW: Range<usize> = 0x40_0000..0x140_0000;

/// Where the host's loader places the program image (physical, identity-mapped).
pub const LINUX_IMAGE: usize = 0x200_0000;

const USER: u64 = 1 << 2;
const HUGE: usize = 2 << 20;

/// Opens [`LINUX_WINDOW`] to ring 3 and enables SSE (`CR4.OSFXSR`, `OSXMMEXCPT`; `OSXSAVE`
/// stays off, so glibc uses no AVX): glibc's string functions use SSE2 everywhere.
pub fn init_linux() {
    // SAFETY: boot time, one CPU; the window is RAM the kernel does not use (its image ends
    // below 4 MiB, its zeroed memory starts at 48 MiB: kernel.ld), and the TLB is flushed
    // after the edit.
    unsafe {
        for page in LINUX_WINDOW.step_by(HUGE) {
            BOOT_PD.entries()[page / HUGE] |= USER;
        }
        x86_64::instructions::tlb::flush_all();
        Cr0::update(|f| {
            f.remove(Cr0Flags::EMULATE_COPROCESSOR | Cr0Flags::TASK_SWITCHED);
            f.insert(Cr0Flags::MONITOR_COPROCESSOR);
        });
        Cr4::update(|f| f.insert(Cr4Flags::OSFXSR | Cr4Flags::OSXMMEXCPT_ENABLE));
    }
}

/// Enters the program at `entry` with the stack pointer at exactly `sp` (its `argc`) and every
/// register zero (`rdx`, glibc's `rtld_fini`, must be).
pub fn enter_linux(entry: usize, sp: usize) -> UserExit {
    // `run_user` enters as if called, 8 bytes below the stack pointer it is given.
    run_user(entry, sp + 8, [0; 3])
}

/// The PVH start-info block's magic number.
const PVH_MAGIC: u32 = 0x336e_c578;

/// The kernel command line (`-append`), from the PVH start-info block QEMU passed.
pub fn cmdline() -> Option<&'static [u8]> {
    let info = crate::arch::common::boot::boot_info();
    if info == 0 {
        return None;
    }
    // SAFETY: QEMU passed the start-info block's address, in identity-mapped low memory; the
    // command line it points to is a NUL-terminated string nothing writes.
    unsafe {
        if (info as *const u32).read() != PVH_MAGIC {
            return None;
        }
        let at = ((info + 24) as *const u64).read() as usize;
        if at == 0 {
            return None;
        }
        let len = (0..1 << 16).find(|&i| ((at + i) as *const u8).read() == 0)?;
        Some(core::slice::from_raw_parts(at as *const u8, len))
    }
}
