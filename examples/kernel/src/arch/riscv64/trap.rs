//! Traps that are not syscalls: report them on the console and fail the run.

use core::fmt::Write;

use sysgate::arch::riscv64::{Trap, TrapFrame};

/// Installs the trap vector with [`report`] for everything that is not a syscall.
pub fn init() {
    // SAFETY: called in S-mode on the boot stack, which stays the trap stack.
    unsafe { sysgate::arch::riscv64::init(report) };
}

fn report(trap: &Trap, frame: &mut TrapFrame) {
    let who = if trap.from_user { "user" } else { "kernel" };
    let _ = writeln!(crate::Console, "\n{who} fault: {trap}\n{frame}");
    super::exit::exit(false)
}
