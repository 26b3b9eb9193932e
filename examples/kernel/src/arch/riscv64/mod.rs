//! RISC-V (QEMU `-M virt -bios default`, S-mode kernel under OpenSBI, U-mode user): the
//! [`crate::arch`] interface.

mod boot;
mod code;
mod console;
mod cycles;
mod exit;
mod fault;
mod linux;
mod mmu;
mod sbi;
mod smp;
mod thread;
mod timer;
mod trap;
mod user;

use sysgate::arch::riscv64::{Entry, select_entry};

pub use code::sync_icache;
pub use console::put as console_put;
pub use cycles::{cycles, now_ns};
pub use exit::exit;
pub use fault::{map_user_page, user_page_mapped};
pub use linux::{LINUX_IMAGE, LINUX_WINDOW, cmdline, enter_linux, init_linux};
pub use smp::{start_cpu, wake};
pub use sysgate::arch::riscv64::signal::{enter_handler, sigreturn};
pub use thread::{ThreadContext, interrupts_disable, interrupts_restore, switch};
pub use timer::{timer_start, timer_stop};
pub use user::{resume_kernel as end_user, run_user, run_user_thread};

/// The frame the syscall entry saves.
pub type Frame = sysgate::arch::riscv64::TrapFrame;

/// Architecture name printed in the banner.
pub const NAME: &str = "riscv64";

/// The first address past the user half: a syscall from its last word returns there.
pub const USER_HALF_END: usize = mmu::USER_HALF_END;

/// The fault a user program takes when a syscall returns past Sv39's lower half: an
/// instruction page fault (`scause` 12); the entry returns there like anywhere else.
pub const RETURN_ADDRESS_FAULT: Option<u8> = Some(12);

/// Sets up the boot hart's sysgate area, turns on Sv39 with the user/kernel split and installs
/// the trap vector.
pub fn init() {
    init_cpu(0);
    mmu::init();
    fault::init();
    trap::init();
}

/// Sets up CPU `cpu`'s sysgate area on this hart.
fn init_cpu(cpu: usize) {
    // SAFETY: this hart's number; the kernel never uses `tp` itself.
    unsafe { sysgate::cpu::init_cpu(cpu) }.unwrap_or_else(|e| panic!("CPU setup: {e}"));
}

/// Waits for an interrupt with interrupts disabled, then enables them to take it; disabled
/// again after. [`wake`]'s software interrupt ends the wait too and is consumed here.
pub fn wait_for_interrupt() {
    // SAFETY: `wfi` wakes on a pending interrupt that `sie` enables even while `sstatus.SIE`
    // is clear; the vector handles the timer's, clearing `sip.SSIP` consumes the software one.
    unsafe {
        core::arch::asm!(
            "csrsi sie, 1 << 1",
            "wfi",
            "csrci sie, 1 << 1",
            "csrci sip, 1 << 1",
            "csrsi sstatus, 1 << 1",
            "csrci sstatus, 1 << 1",
            options(nomem, nostack)
        )
    };
}

/// Waits, with interrupts disabled, for [`wake`]'s software interrupt, and clears it.
pub fn idle() {
    // SAFETY: `wfi` wakes on the pending software interrupt that `sie.SSIE` lets through
    // without taking it (`sstatus.SIE` stays clear); clearing `sip.SSIP` consumes it.
    unsafe {
        core::arch::asm!(
            "csrsi sie, 1 << 1",
            "wfi",
            "csrci sie, 1 << 1",
            "csrci sip, 1 << 1",
            options(nomem, nostack)
        )
    };
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
