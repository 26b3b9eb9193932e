//! This kernel's entry hooks: the exit work after every syscall, and the exceptions that are not
//! syscalls — interrupts go to [`super::gic`], data aborts to [`super::fault`] first (demand
//! paging, user-copy fixups); any other user fault ends the user program, a kernel fault is
//! reported and fails the run.

use sysgate::arch::EntryHooks;
use sysgate::arch::aarch64::{Origin, Trap, TrapFrame, TrapKind};

use crate::arch::UserExit;
use crate::services::ExampleKernel;

/// Installs the vectors on this CPU; everything that is not a syscall reaches [`ExampleKernel`]'s
/// `trap` below.
pub fn init() {
    // SAFETY: called at EL1 on this CPU's kernel stack, which stays its exception stack.
    unsafe { sysgate::arch::aarch64::init() };
}

/// The entry's hooks into this kernel.
impl EntryHooks for ExampleKernel {
    /// With the current thread's work, after every syscall and every trap from user mode: the
    /// scheduler's (a reschedule, the end of a terminated program), then the signals'.
    fn exit_to_user(frame: &mut TrapFrame, work: sysgate::thread::Work) {
        crate::arch::common::context::exit_to_user(frame, work);
    }

    fn trap(trap: &Trap, frame: &mut TrapFrame) {
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
}
