//! The kernel side of a user program run, one per thread: entering user mode saves the kernel's
//! registers and stack pointer; when the program exits or faults, the kernel switches back to
//! that stack and the run returns how the program ended.

use core::cell::UnsafeCell;

use crate::arch::UserExit;

/// The kernel side of a user program run in progress: its saved stack pointer and how the user
/// program ended. Each thread has one ([`crate::sched`]).
pub struct KernelContext {
    sp: UnsafeCell<u64>,
    exit: UnsafeCell<UserExit>,
}

// SAFETY: each thread uses only its own context, and `run` and `finish` run one after the
// other on it, never concurrently.
unsafe impl Sync for KernelContext {}

impl KernelContext {
    /// A context with no run in progress.
    pub const fn new() -> KernelContext {
        KernelContext {
            sp: UnsafeCell::new(0),
            exit: UnsafeCell::new(UserExit::Exited(0)),
        }
    }
}

/// The current thread's context.
fn mine() -> &'static KernelContext {
    crate::sched::user_context()
}

/// Runs a user program and returns how it ended. `enter` saves the kernel's callee-saved
/// registers on its stack and the stack pointer at the address it is given, then drops to user
/// mode; it returns when the architecture switches back with the stack pointer from [`finish`].
pub fn run(enter: impl FnOnce(*mut u64)) -> UserExit {
    let context = mine();
    enter(context.sp.get());
    // SAFETY: `finish` stored the exit before the switch back here.
    unsafe { *context.exit.get() }
}

/// Records that the user program ended with `exit` and returns the stack pointer saved by
/// [`run`]'s `enter`, to restore the registers from and return from `enter`.
pub fn finish(exit: UserExit) -> u64 {
    let context = mine();
    // SAFETY: this thread's context, and only called while a `run` is in progress on it:
    // nothing else accesses it.
    unsafe {
        *context.exit.get() = exit;
        *context.sp.get()
    }
}

/// With the current thread's work on a return to user mode — after a syscall, or after an
/// interrupt or exception, `frame` then holding the interrupted context in a syscall frame's
/// layout: the scheduler's work, then the signals' (`rt_sigreturn`'s restore, the restart of a
/// call a signal interrupted, the delivery of a pending signal; a thread spinning in user mode
/// takes one another thread sent at the next timer interrupt).
pub fn exit_to_user(frame: &mut crate::arch::Frame, work: sysgate::thread::Work) {
    crate::sched::exit_work(work);
    if work.intersects(crate::signals::WORK) {
        crate::signals::exit_to_user(frame, work);
    }
}
