//! This kernel's entry hooks: the exit work after every syscall, and the exceptions that are not
//! syscalls — data aborts go to [`super::fault`] first (demand paging, user-copy fixups); any
//! other user fault ends the user program, a kernel fault is reported and fails the run.

use sysgate::arch::EntryHooks;
use sysgate::arch::aarch64::{Origin, Trap, TrapFrame};

use crate::arch::UserExit;
use crate::arch::common::context;
use crate::services::ExampleKernel;

/// Installs the vectors; everything that is not a syscall reaches [`ExampleKernel`]'s
/// `trap` below.
pub fn init() {
    // SAFETY: called at EL1 on the boot stack, which stays the exception stack.
    unsafe { sysgate::arch::aarch64::init() };
}

/// The entry's hooks into this kernel.
impl EntryHooks for ExampleKernel {
    /// After every syscall: ends the program if the kernel terminated it.
    fn exit_work(_frame: &mut TrapFrame) {
        if let Some(exit) = context::termination() {
            super::user::resume_kernel(exit)
        }
    }

    fn trap(trap: &Trap, frame: &mut TrapFrame) {
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
