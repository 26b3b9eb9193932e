//! Exceptions that are not syscalls: interrupts go to [`super::gic`], data aborts to
//! [`super::fault`] first (demand paging, user-copy fixups); any other user fault ends the user
//! program, a kernel fault is reported and fails the run.

use sysgate::arch::aarch64::{Origin, Trap, TrapFrame, TrapKind};

use crate::arch::UserExit;

/// Installs the vectors on this CPU with [`report`] for everything that is not a syscall, and
/// the exit work that ends a program the platform terminated.
pub fn init() {
    // SAFETY: called at EL1 on this CPU's kernel stack, which stays its exception stack.
    unsafe { sysgate::arch::aarch64::init(report) };
    sysgate::arch::aarch64::set_exit_work(super::user::exit_work);
}

fn report(trap: &Trap, frame: &mut TrapFrame) {
    if trap.kind == TrapKind::Irq {
        return super::gic::interrupt();
    }
    if super::fault::data_abort(trap, frame) {
        return;
    }
    if trap.origin == Origin::User {
        crate::user_fault!("{trap} at pc={:#x}", frame.elr);
        super::user::resume_kernel(UserExit::Fault {
            vector: trap.class() as u8,
            rip: frame.elr as usize,
        });
    }
    crate::println!("KERNEL FAULT: {trap}\n{frame}");
    super::exit::exit(false)
}
