//! The kernel side of a user program run: entering user mode saves the kernel's registers and
//! stack pointer; when the program exits or faults, the kernel switches back to that stack and
//! the run returns how the program ended.

use core::cell::UnsafeCell;

use crate::arch::UserExit;

/// The kernel side of the run in progress: its saved stack pointer and how the user program
/// ended.
struct KernelContext {
    sp: UnsafeCell<u64>,
    exit: UnsafeCell<UserExit>,
}

// SAFETY: one CPU; `run` and `finish` run one after the other, never concurrently.
unsafe impl Sync for KernelContext {}

static CONTEXT: KernelContext = KernelContext {
    sp: UnsafeCell::new(0),
    exit: UnsafeCell::new(UserExit::Exited(0)),
};

/// Runs a user program and returns how it ended. `enter` saves the kernel's callee-saved
/// registers on its stack and the stack pointer at the address it is given, then drops to user
/// mode; it returns when the architecture switches back with the stack pointer from [`finish`].
pub fn run(enter: impl FnOnce(*mut u64)) -> UserExit {
    enter(CONTEXT.sp.get());
    // SAFETY: `finish` stored the exit before the switch back here.
    unsafe { *CONTEXT.exit.get() }
}

/// Records that the user program ended with `exit` and returns the stack pointer saved by
/// [`run`]'s `enter`, to restore the registers from and return from `enter`.
pub fn finish(exit: UserExit) -> u64 {
    // SAFETY: one CPU, and only called while a `run` is in progress: nothing else accesses the
    // context.
    unsafe {
        *CONTEXT.exit.get() = exit;
        *CONTEXT.sp.get()
    }
}

/// How to end the user program after a syscall, if the kernel terminated it during the call
/// (see [`crate::services::take_termination`]).
pub fn termination() -> Option<UserExit> {
    crate::services::take_termination().map(|errno| UserExit::Terminated {
        errno: errno.code(),
    })
}
