//! Traps that are not syscalls: interrupts go to [`super::timer`], page faults to
//! [`super::fault`] first (demand paging, user-copy fixups); any other user fault ends the user
//! program, a kernel fault is reported and fails the run.

use sysgate::arch::riscv64::{Trap, TrapFrame};

use crate::arch::UserExit;

/// Installs the trap vector on this hart with [`report`] for everything that is not a syscall, and the exit work
/// that ends a program the platform terminated.
pub fn init() {
    // SAFETY: called in S-mode on this hart's kernel stack, which stays its trap stack.
    unsafe { sysgate::arch::riscv64::init(report) };
    sysgate::arch::riscv64::set_exit_work(super::user::exit_work);
}

fn report(trap: &Trap, frame: &mut TrapFrame) {
    if trap.is_interrupt() && super::timer::interrupt(trap) {
        return;
    }
    if super::fault::page_fault(trap, frame) {
        return;
    }
    if trap.from_user {
        crate::user_fault!("{trap} at pc={:#x}", frame.sepc);
        super::user::resume_kernel(UserExit::Fault {
            vector: trap.code() as u8,
            rip: frame.sepc as usize,
        });
    }
    crate::println!("KERNEL FAULT: {trap}\n{frame}");
    super::exit::exit(false)
}
