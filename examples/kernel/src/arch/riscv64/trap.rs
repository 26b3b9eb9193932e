//! This kernel's entry hooks: the exit work after every syscall, and the traps that are not
//! syscalls — interrupts go to [`super::timer`], page faults to [`super::fault`] first (demand
//! paging, user-copy fixups); any other user fault ends the user program, a kernel fault is
//! reported and fails the run.

use sysgate::arch::EntryHooks;
use sysgate::arch::riscv64::{Trap, TrapFrame};

use crate::arch::UserExit;
use crate::services::ExampleKernel;

/// Installs the trap vector on this hart; everything that is not a syscall reaches [`ExampleKernel`]'s
/// `trap` below.
pub fn init() {
    // SAFETY: called in S-mode on this hart's kernel stack, which stays its trap stack.
    unsafe { sysgate::arch::riscv64::init() };
}

/// The entry's hooks into this kernel.
impl EntryHooks for ExampleKernel {
    /// With the current thread's work, after every syscall and every trap from user mode: the
    /// scheduler's (a reschedule, the end of a terminated program), then the signals'.
    fn exit_to_user(frame: &mut TrapFrame, work: sysgate::thread::Work) {
        crate::arch::common::context::exit_to_user(frame, work);
    }

    fn trap(trap: &Trap, frame: &mut TrapFrame) {
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
}
