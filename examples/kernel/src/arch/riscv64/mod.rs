//! RISC-V (QEMU `-M virt -bios default`, S-mode kernel under OpenSBI, U-mode user): the
//! [`crate::arch`] interface.

mod boot;
mod code;
mod console;
mod cycles;
mod exit;
mod fault;
mod mmu;
mod sbi;
mod smp;
mod timer;
mod trap;
mod user;

use sysgate::arch::riscv64::{Entry, select_entry};

pub use code::sync_icache;
pub use console::put as console_put;
pub use cycles::cycles;
pub use exit::exit;
pub use fault::{map_user_page, user_page_mapped};
pub use smp::start_cpu;
pub use timer::{timer_start, timer_stop};
pub use user::{resume_kernel as end_user, run_user};

/// Architecture name printed in the banner.
pub const NAME: &str = "riscv64";

/// The first address past the user half: a syscall from its last word returns there.
pub const USER_HALF_END: usize = mmu::USER_HALF_END;

/// The fault a user program takes when a syscall returns past Sv39's lower half: an
/// instruction page fault (`scause` 12); the entry returns there like anywhere else.
pub const RETURN_ADDRESS_FAULT: Option<u8> = Some(12);

/// Turns on Sv39 with the user/kernel split, installs the trap vector and records the boot
/// hart as CPU 0.
pub fn init() {
    mmu::init();
    fault::init();
    trap::init();
    timer::init_cpu(0);
}

/// Waits for an interrupt with interrupts disabled, then enables them to take it; disabled
/// again after.
pub fn wait_for_interrupt() {
    // SAFETY: `wfi` wakes on a pending enabled interrupt even while `sstatus.SIE` is clear; the
    // vector handles it.
    unsafe {
        core::arch::asm!(
            "wfi",
            "csrsi sstatus, 1 << 1",
            "csrci sstatus, 1 << 1",
            options(nomem, nostack)
        )
    };
}

/// Waits for an interrupt with interrupts disabled.
pub fn idle() {
    // SAFETY: `wfi` only waits.
    unsafe { core::arch::asm!("wfi", options(nomem, nostack)) };
}

/// Routes U-mode `ecall` to the minimal entry (returns 0 at once) or back to the framework.
pub fn use_minimal_entry(minimal: bool) {
    let entry = if minimal {
        Entry::Minimal
    } else {
        Entry::Framework
    };
    // SAFETY: `init` installed the framework's vector, which the minimal vector forwards to.
    unsafe { select_entry(entry) };
}
