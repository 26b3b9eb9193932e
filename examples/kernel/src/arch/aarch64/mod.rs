//! AArch64 (QEMU `-M virt -cpu cortex-a72`, EL1 kernel, EL0 user): the [`crate::arch`]
//! interface.

mod boot;
mod code;
mod console;
mod cycles;
mod exit;
mod fault;
mod gic;
mod linux;
mod mmu;
mod smp;
mod thread;
mod timer;
mod trap;
mod user;

use sysgate::arch::aarch64::{Entry, select_entry};

pub use code::sync_icache;
pub use console::put as console_put;
pub use cycles::{cycles, now_ns};
pub use exit::exit;
pub use fault::{map_user_page, user_page_mapped};
pub use gic::wake;
pub use linux::{LINUX_IMAGE, LINUX_WINDOW, cmdline, enter_linux, init_linux};
pub use smp::start_cpu;
pub use sysgate::arch::aarch64::signal::{enter_handler, sigreturn};
pub use thread::{ThreadContext, interrupts_disable, interrupts_restore, switch};
pub use timer::{timer_start, timer_stop};
pub use user::{resume_kernel as end_user, run_user, run_user as run_user_thread};

/// The frame the syscall entry saves.
pub type Frame = sysgate::arch::aarch64::TrapFrame;

/// Architecture name printed in the banner.
pub const NAME: &str = "aarch64";

/// The first address past the user half: a syscall from its last word returns there.
pub const USER_HALF_END: usize = mmu::USER_HALF_END;

/// The fault a user program takes when a syscall returns past the translated range: an
/// instruction abort from EL0 (exception class 0x20); the entry returns there like anywhere else.
pub const RETURN_ADDRESS_FAULT: Option<u8> = Some(0x20);

/// Turns on the MMU with the user/kernel split, installs the exception vectors, starts the
/// cycle counter and enables the GIC for the timer.
pub fn init() {
    mmu::init();
    fault::init();
    trap::init();
    cycles::init();
    gic::init();
    init_cpu(0);
}

/// Sets up CPU `cpu`'s sysgate area on this CPU.
fn init_cpu(cpu: usize) {
    // SAFETY: this CPU's number.
    unsafe { sysgate::cpu::init_cpu(cpu) }.unwrap_or_else(|e| panic!("CPU setup: {e}"));
}

/// Waits for an interrupt with IRQs masked, then unmasks them to take it; masked again after.
pub fn wait_for_interrupt() {
    // SAFETY: `wfi` wakes on a pending interrupt even while masked; the vectors handle IRQs.
    unsafe {
        core::arch::asm!(
            "wfi",
            "msr daifclr, #2",
            "isb",
            "msr daifset, #2",
            options(nostack)
        )
    };
}

/// Waits for an interrupt, such as [`wake`]'s, and takes it.
pub fn idle() {
    wait_for_interrupt();
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
