//! A small preemptive scheduler: kernel threads with a kernel stack each, one run queue per
//! CPU (all under one lock; threads never migrate), an idle thread per CPU, blocking waits on
//! keys with deadlines, the timer's tick asking the running thread for the CPU back, and
//! [`interrupt`], which ends a signalled thread's wait so it can take the signal.
//!
//! A switch happens only at a blocking point ([`wait`], a thread's exit) or on the return to
//! user mode: the tick raises [`Work::RESCHED`] on the current thread and the exit work
//! ([`exit_work`], called from the syscall entry's exit loop and from the interrupt return path
//! to user mode) switches. Kernel code is never preempted. At every switch the next thread
//! becomes sysgate's current thread (its policy, escalation flag, work word) and its entry
//! stack the one user mode enters on, and the user FP state is switched
//! ([`arch::switch`]).
//!
//! Every CPU's boot context is a thread too (its bootstrap thread): the boot CPU's runs
//! `kmain`, the others' serve [`crate::smp::work`]. The scheduler preempts and blocks only on
//! CPUs where [`run`] is in progress (their timer ticks); elsewhere a [`wait`] polls, as the
//! single-program checks and the benchmarks need.

pub mod lock;
mod queue;
mod thread;

use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use sysgate::thread::Work;

use crate::arch::KernelContext;
use crate::arch::{self, ThreadContext, UserExit};
use crate::services;
use crate::signals::ThreadSignals;
use crate::smp::MAX_CPUS;
use lock::SpinLock;
use queue::Queue;
use thread::{Job, Record};

/// Threads at most: every CPU's bootstrap and idle thread, and the user threads.
pub const MAX_THREADS: usize = 2 * MAX_CPUS + MAX_USER_THREADS;
/// User threads at most.
pub const MAX_USER_THREADS: usize = 16;

/// Where a thread is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// Not allocated.
    Free,
    /// In its CPU's run queue.
    Ready,
    /// Running on its CPU.
    Running,
    /// Waiting for a [`wake`] of `key` or its deadline.
    Blocked,
    /// Its program ended.
    Exited,
}

/// The scheduler's view of one thread.
#[derive(Clone, Copy)]
struct Meta {
    state: State,
    cpu: usize,
    key: usize,
    deadline: u64,
    /// It runs a user program ([`spawn`]): other threads may signal it.
    user: bool,
}

/// Everything behind the lock.
struct Sched {
    meta: [Meta; MAX_THREADS],
    queues: [Queue; MAX_CPUS],
    current: [usize; MAX_CPUS],
    idle: [usize; MAX_CPUS],
    allocated: usize,
}

static SCHED: SpinLock<Sched> = SpinLock::new(Sched {
    meta: [Meta {
        state: State::Free,
        cpu: 0,
        key: 0,
        deadline: u64::MAX,
        user: false,
    }; MAX_THREADS],
    queues: [const { Queue::new() }; MAX_CPUS],
    current: [0; MAX_CPUS],
    idle: [0; MAX_CPUS],
    allocated: 0,
});

static RECORDS: [Record; MAX_THREADS] = [const { Record::new() }; MAX_THREADS];

/// CPUs where [`run`] is in progress: their timer ticks, threads block and are preempted.
static RUNNING: [AtomicBool; MAX_CPUS] = [const { AtomicBool::new(false) }; MAX_CPUS];

/// The key [`run`] waits on (and a thread's exit wakes).
static RUN_KEY: u8 = 0;

/// A wait key made from the address of a static (unique, never 0).
pub fn key<T>(of: &'static T) -> usize {
    of as *const T as usize
}

/// Allocates a record on `cpu` in `state`.
fn allocate(s: &mut Sched, cpu: usize, state: State) -> Option<usize> {
    let id = s.allocated;
    if id == MAX_THREADS {
        return None;
    }
    s.allocated += 1;
    s.meta[id] = Meta {
        state,
        cpu,
        key: 0,
        deadline: u64::MAX,
        user: false,
    };
    Some(id)
}

/// Makes the running code of CPU `cpu` its bootstrap thread and creates its idle thread. Call
/// once on every CPU, after its architecture and sysgate setup, before it runs user code.
pub fn init_cpu(cpu: usize) {
    let (boot, idle) = {
        let mut s = SCHED.lock();
        let boot = allocate(&mut s, cpu, State::Running).expect("a record per CPU");
        let idle = allocate(&mut s, cpu, State::Ready).expect("a record per CPU");
        s.current[cpu] = boot;
        s.idle[cpu] = idle;
        (boot, idle)
    };
    let record = &RECORDS[idle];
    // SAFETY: both records were just allocated; the idle thread gets its own stack.
    unsafe {
        RECORDS[boot].set_up(ThreadContext::boot(cpu), None);
        record.set_up(
            ThreadContext::new(
                thread::kernel_top(idle),
                thread::entry_top(idle),
                idle_main,
                cpu,
            ),
            None,
        );
    }
    let interrupts = arch::interrupts_disable();
    // SAFETY: sysgate's area is set up on this CPU, interrupts are masked, and the record is
    // this CPU's own.
    unsafe { sysgate::thread::set_current(&RECORDS[boot].thread) };
    arch::interrupts_restore(interrupts);
}

fn cpu() -> usize {
    sysgate::cpu::id()
}

/// The current thread's record, from the `sysgate::thread::Thread` the runtime holds current
/// (one load from the per-CPU area: the record around it).
fn current() -> &'static Record {
    let thread = sysgate::thread::current().expect("init_cpu made a thread current");
    // SAFETY: from `init_cpu` on, every thread this CPU makes current is the `thread` field of
    // a record in `RECORDS` (`init_cpu`, `schedule`), and nothing here runs before `init_cpu`.
    unsafe {
        &*core::ptr::from_ref(thread)
            .byte_sub(core::mem::offset_of!(Record, thread))
            .cast::<Record>()
    }
}

/// The current thread's number.
pub fn current_id() -> usize {
    // SAFETY: the current record is an element of `RECORDS` (see `current`).
    let index = unsafe { core::ptr::from_ref(current()).offset_from(RECORDS.as_ptr()) };
    index as usize
}

/// The current thread's signals.
pub fn signals() -> &'static ThreadSignals {
    &current().signals
}

/// The signals of user thread `id`, while it runs its program.
pub fn user_signals(id: usize) -> Option<&'static ThreadSignals> {
    let s = SCHED.lock();
    let meta = s.meta.get(id)?;
    (meta.user && meta.state != State::Exited).then(|| &RECORDS[id].signals)
}

/// The current thread's restart block ([`Record::restart_deadline`]).
pub fn restart_deadline() -> &'static AtomicU64 {
    &current().restart_deadline
}

/// The kernel side of the current thread's user program run.
pub fn user_context() -> &'static KernelContext {
    &current().user
}

/// A new program starts in the current thread: it gets every category back (the suite
/// narrows its own with `pledge`) and no escalation.
pub fn start_program() {
    current().thread.start_program();
}

/// Whether the scheduler runs on this CPU (threads block and are preempted here).
fn running_here() -> bool {
    RUNNING[cpu()].load(Ordering::Acquire)
}

/// Gives the CPU to the next ready thread of this CPU (the idle thread if none); the current
/// thread goes to the back of the queue if it is still running, and stays off it if it
/// blocked or exited. Returns when the current thread runs again.
pub fn schedule() {
    let interrupts = arch::interrupts_disable();
    let cpu = cpu();
    let (prev, next) = {
        let mut s = SCHED.lock();
        let prev = s.current[cpu];
        if s.meta[prev].state == State::Running && prev != s.idle[cpu] {
            s.meta[prev].state = State::Ready;
            s.queues[cpu].push(prev);
        }
        let next = s.queues[cpu].pop().unwrap_or(s.idle[cpu]);
        s.meta[next].state = State::Running;
        s.current[cpu] = next;
        (prev, next)
    };
    if prev != next {
        // SAFETY: interrupts are masked; `next` runs on this CPU only (threads never migrate)
        // and is switched out (it was in this CPU's queue); `prev` is the running thread.
        unsafe {
            sysgate::thread::set_current(&RECORDS[next].thread);
            arch::switch(RECORDS[prev].context(), RECORDS[next].context());
        }
    }
    arch::interrupts_restore(interrupts);
}

/// Waits until `ready()` (true) or the [`arch::now_ns`] `deadline` (false). Where the
/// scheduler runs, the thread blocks until a [`wake`] of `key` or the first tick past the
/// deadline and checks again; elsewhere it polls.
pub fn wait(key: usize, deadline: u64, ready: impl Fn() -> bool) -> bool {
    loop {
        if ready() {
            return true;
        }
        if arch::now_ns() >= deadline {
            return false;
        }
        if !running_here() {
            core::hint::spin_loop();
            continue;
        }
        let interrupts = arch::interrupts_disable();
        let me = current_id();
        {
            let mut s = SCHED.lock();
            let meta = &mut s.meta[me];
            meta.state = State::Blocked;
            meta.key = key;
            meta.deadline = deadline;
        }
        // A wake between the first check and the block found the thread running: check again.
        if ready() {
            let mut s = SCHED.lock();
            if s.meta[me].state == State::Blocked {
                s.meta[me].state = State::Running;
            }
        }
        schedule();
        arch::interrupts_restore(interrupts);
    }
}

/// Blocks the current thread until the [`arch::now_ns`] `deadline` (a tick wakes it).
pub fn sleep_until(deadline: u64) {
    static SLEEP_KEY: u8 = 0;
    wait(key(&SLEEP_KEY), deadline, || false);
}

/// Makes every thread waiting on `key` ready and interrupts the CPUs they are on, so they
/// run soon (their CPU's running thread is asked for the CPU back).
pub fn wake(key: usize) {
    let mut notify = [false; MAX_CPUS];
    {
        let mut s = SCHED.lock();
        for id in 0..s.allocated {
            let meta = s.meta[id];
            if meta.state == State::Blocked && meta.key == key {
                notify[make_ready(&mut s, id)] = true;
            }
        }
    }
    notify_cpus(&notify);
}

/// Raises [`Work::SIGNAL`] on thread `id` and, if it is blocked in a [`wait`], makes it ready,
/// so the wait checks its condition again (a signal ends the waits that look for one).
pub fn interrupt(id: usize) {
    let mut notify = [false; MAX_CPUS];
    {
        let mut s = SCHED.lock();
        RECORDS[id].thread.raise(Work::SIGNAL);
        if s.meta[id].state == State::Blocked {
            notify[make_ready(&mut s, id)] = true;
        }
    }
    notify_cpus(&notify);
}

/// Puts blocked thread `id` in its CPU's queue and asks that CPU's running thread for the CPU
/// back; returns the CPU.
fn make_ready(s: &mut Sched, id: usize) -> usize {
    let cpu = s.meta[id].cpu;
    s.meta[id].state = State::Ready;
    s.queues[cpu].push(id);
    if s.current[cpu] != s.idle[cpu] {
        RECORDS[s.current[cpu]].thread.raise(Work::RESCHED);
    }
    cpu
}

/// Interrupts the other CPUs marked in `notify`.
fn notify_cpus(notify: &[bool; MAX_CPUS]) {
    let me = cpu();
    for cpu in (0..MAX_CPUS).filter(|&cpu| notify[cpu] && cpu != me) {
        arch::wake(cpu);
    }
}

/// The timer's tick on CPU `cpu` (interrupts masked): wakes the threads whose deadline passed
/// and asks the running thread for the CPU back. False where the scheduler does not run.
pub fn tick(cpu: usize) -> bool {
    if !RUNNING[cpu].load(Ordering::Acquire) {
        return false;
    }
    let now = arch::now_ns();
    let mut s = SCHED.lock();
    for id in 0..s.allocated {
        let meta = s.meta[id];
        if meta.state == State::Blocked && meta.cpu == cpu && meta.deadline <= now {
            s.meta[id].state = State::Ready;
            s.queues[cpu].push(id);
        }
    }
    if s.current[cpu] != s.idle[cpu] {
        RECORDS[s.current[cpu]].thread.raise(Work::RESCHED);
    }
    true
}

/// The current thread's work on its return to user mode (interrupts masked): the end of its
/// program if the kernel terminated it during the syscall, a reschedule.
pub fn exit_work(work: Work) {
    if work.contains(services::TERMINATE)
        && let Some(errno) = services::take_termination()
    {
        arch::end_user(UserExit::Terminated {
            errno: errno.code(),
        });
    }
    if work.contains(Work::RESCHED) && running_here() {
        schedule();
    }
}

/// The idle thread of CPU `cpu`: runs the ready threads, halts while there are none.
extern "C" fn idle_main(cpu: usize) -> ! {
    loop {
        if SCHED.lock().queues[cpu].is_empty() {
            arch::wait_for_interrupt();
        } else {
            schedule();
        }
    }
}

/// A user thread's first code: runs its program, records how it ended, exits.
extern "C" fn user_main(id: usize) -> ! {
    let record = &RECORDS[id];
    // SAFETY: this thread's own job, written before it started.
    let job = unsafe { record.job() };
    let exit = arch::run_user_thread(job.entry, job.sp, job.args);
    // SAFETY: this thread's own job; it has not exited yet.
    unsafe { record.set_exit(exit) };
    arch::interrupts_disable();
    SCHED.lock().meta[id].state = State::Exited;
    wake(key(&RUN_KEY));
    schedule();
    unreachable!("an exited thread never runs again")
}

/// Starts a user thread on CPU `cpu` running the user program at `entry` on the user stack
/// `sp` with `args`; its number, or `None` when every record is taken.
pub fn spawn(cpu: usize, entry: usize, sp: usize, args: [usize; 3]) -> Option<usize> {
    let id = allocate(&mut SCHED.lock(), cpu, State::Free)?;
    let record = &RECORDS[id];
    let job = Job {
        entry,
        sp,
        args,
        exit: UserExit::Exited(0),
    };
    // SAFETY: just allocated, not yet in a queue.
    unsafe {
        record.set_up(
            ThreadContext::new(thread::kernel_top(id), thread::entry_top(id), user_main, id),
            Some(job),
        )
    };
    {
        let mut s = SCHED.lock();
        s.meta[id].state = State::Ready;
        s.meta[id].user = true;
        s.queues[cpu].push(id);
    }
    if cpu != self::cpu() {
        arch::wake(cpu);
    }
    Some(id)
}

/// How thread `id`'s program ended, once it exited.
pub fn exit_of(id: usize) -> Option<UserExit> {
    // SAFETY: read only after the thread exited (under the lock that ordered its write).
    (SCHED.lock().meta[id].state == State::Exited).then(|| unsafe { RECORDS[id].job().exit })
}

/// Runs the scheduler on this CPU until `done()`: the timer ticks, the bootstrap thread blocks
/// and this CPU's threads run, preempted by the tick. A thread's exit and [`finish`] wake it
/// to check `done` again.
pub fn run(done: impl Fn() -> bool) {
    let cpu = cpu();
    RUNNING[cpu].store(true, Ordering::Release);
    arch::timer_start();
    wait(key(&RUN_KEY), u64::MAX, done);
    arch::timer_stop();
    RUNNING[cpu].store(false, Ordering::Release);
    current().thread.take();
}

/// Wakes every CPU's [`run`] to check its condition again.
pub fn finish() {
    wake(key(&RUN_KEY));
}
