//! Exceptions that are not syscalls: report them on the console and fail the run.

use core::fmt::Write;

use sysgate::arch::aarch64::{Origin, Trap, TrapFrame};

/// Installs the vectors with [`report`] for everything that is not a syscall.
pub fn init() {
    // SAFETY: called at EL1 on the boot stack, which stays the exception stack.
    unsafe { sysgate::arch::aarch64::init(report) };
}

fn report(trap: &Trap, frame: &mut TrapFrame) {
    let who = if trap.origin == Origin::User {
        "user"
    } else {
        "kernel"
    };
    let _ = writeln!(crate::Console, "\n{who} fault: {trap}\n{frame}");
    super::exit::exit(false)
}
