//! A thread record: sysgate's part of the thread, the user program run it is in, its signals, its saved
//! context (stack pointer, user FP state, entry stack); and each thread's own kernel stack.

use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use core::sync::atomic::AtomicU64;

use crate::arch::KernelContext;
use crate::arch::{ThreadContext, UserExit};
use crate::signals::ThreadSignals;

/// Bytes of kernel stack per thread: the lower half for its kernel code (the user program run
/// it makes), the upper half for its entries from user mode (syscalls, interrupts, faults).
pub const STACK_SIZE: usize = 32 * 1024;

/// One thread's kernel stack.
#[repr(C, align(16))]
struct Stack(UnsafeCell<[u8; STACK_SIZE]>);

// SAFETY: each stack is used by its own thread only.
unsafe impl Sync for Stack {}

/// The threads' kernel stacks, by thread number (zeroed memory, apart from the records, so
/// they cost the kernel image nothing).
static STACKS: [Stack; super::MAX_THREADS] =
    [const { Stack(UnsafeCell::new([0; STACK_SIZE])) }; super::MAX_THREADS];

/// The user program a thread runs and how it ended.
#[derive(Clone, Copy)]
pub struct Job {
    /// The program's entry point.
    pub entry: usize,
    /// Its user stack pointer.
    pub sp: usize,
    /// Its three arguments.
    pub args: [usize; 3],
    /// How it ended (valid once the thread exited).
    pub exit: UserExit,
}

/// The top of the half of thread `id`'s kernel stack for its kernel code.
pub fn kernel_top(id: usize) -> usize {
    STACKS[id].0.get() as usize + STACK_SIZE / 2
}

/// The top of the half for its entries from user mode.
pub fn entry_top(id: usize) -> usize {
    STACKS[id].0.get() as usize + STACK_SIZE
}

/// One thread.
pub struct Record {
    /// What sysgate keeps per thread: pledge policy, work word, escalation flag.
    pub thread: sysgate::thread::Thread,
    /// The kernel side of the user program run in progress on this thread.
    pub user: KernelContext,
    /// Its signals: pending, blocked, handlers running.
    pub signals: ThreadSignals,
    /// Its restart block: the deadline of the sleep a signal interrupted, in
    /// [`crate::arch::now_ns`] nanoseconds, for `restart_syscall` (Linux's `restart_block`).
    pub restart_deadline: AtomicU64,
    context: UnsafeCell<MaybeUninit<ThreadContext>>,
    job: UnsafeCell<Job>,
}

// SAFETY: the context is touched only by the CPU switching the thread, with interrupts masked
// and the thread not running elsewhere; the job is written before the thread starts and read
// after it exited (the scheduler's lock orders both).
unsafe impl Sync for Record {}

impl Record {
    /// An unused record.
    pub const fn new() -> Record {
        Record {
            thread: sysgate::thread::Thread::new(),
            user: KernelContext::new(),
            signals: ThreadSignals::new(),
            restart_deadline: AtomicU64::new(0),
            context: UnsafeCell::new(MaybeUninit::uninit()),
            job: UnsafeCell::new(Job {
                entry: 0,
                sp: 0,
                args: [0; 3],
                exit: UserExit::Exited(0),
            }),
        }
    }

    /// Sets the record up before the thread first runs.
    ///
    /// # Safety
    /// The record is not in use (the scheduler just allocated it).
    pub unsafe fn set_up(&self, context: ThreadContext, job: Option<Job>) {
        // SAFETY: forwarded to the caller.
        unsafe {
            (*self.context.get()).write(context);
            if let Some(job) = job {
                *self.job.get() = job;
            }
        }
    }

    /// The saved context, for a switch.
    pub fn context(&self) -> *mut ThreadContext {
        self.context.get().cast()
    }

    /// The thread's job.
    ///
    /// # Safety
    /// Only while nothing writes it: from the thread itself, or after it exited.
    pub unsafe fn job(&self) -> Job {
        // SAFETY: forwarded to the caller.
        unsafe { *self.job.get() }
    }

    /// Records how the thread's program ended.
    ///
    /// # Safety
    /// From the thread itself, before it exits.
    pub unsafe fn set_exit(&self, exit: UserExit) {
        // SAFETY: forwarded to the caller.
        unsafe { (*self.job.get()).exit = exit };
    }
}
