//! AArch64 (QEMU `-M virt -cpu cortex-a72`, EL1 kernel, EL0 user): the [`crate::arch`]
//! interface.

mod boot;
mod console;
mod cycles;
mod exit;
mod mmu;
mod trap;
mod user;

use core::ops::Range;

use sysgate::arch::aarch64::{Entry, select_entry};

pub use console::write as console_write;
pub use cycles::cycles;
pub use exit::exit;
pub use user::{end_user, run_user};

/// Architecture name printed in the banner.
pub const NAME: &str = "aarch64";

/// User memory (EL0-accessible, mapped at the same addresses as on x86_64).
pub const USER_REGION: Range<usize> = mmu::USER_REGION;

/// A syscall returning past the 39-bit address range is not refused by the entry here; the
/// user program simply takes an instruction abort there, which the suite does not test.
pub const RETURN_ADDRESS_FAULT: Option<u8> = None;

/// Turns on the MMU with the user/kernel split, installs the exception vectors and starts the
/// cycle counter.
pub fn init() {
    mmu::init();
    trap::init();
    cycles::init();
}

/// Routes `svc` from EL0 to the minimal entry (returns 0 at once) or back to the framework.
pub fn use_minimal_entry(minimal: bool) {
    let entry = if minimal {
        Entry::Minimal
    } else {
        Entry::Framework
    };
    // SAFETY: `init` installed the framework's vectors, which the minimal table forwards to.
    unsafe { select_entry(entry) };
}
