//! The thread mode: one of several user threads running at once on every CPU, each playing a
//! role (see the kernel's threads.rs). Roles that need each other meet through atomics in this
//! program's memory, which every thread shares. Every syscall a thread makes is counted in its
//! [`Calls`]; at the end it reports the counts (`thread_calls`) and exits with its failures.

use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};

use sysgate::Category;
use sysgate_example_kernel_extra::{getpid, uptime};

use crate::arch::{syscall2, syscall4};
use crate::{EINTR, SA_RESTART, SIGUSR1, exit, nr, sigaction};

/// The roles, in the kernel's order.
mod role {
    pub const READER: usize = 0;
    pub const WRITER: usize = 1;
    pub const SLEEPER: usize = 2;
    pub const SLEEP_NEIGHBOUR: usize = 3;
    pub const SPINNER: usize = 4;
    pub const SPIN_NEIGHBOUR: usize = 5;
    pub const BLOCKER: usize = 6;
    pub const BLOCK_NEIGHBOUR: usize = 7;
    pub const PLEDGER: usize = 8;
    pub const TIME_USER: usize = 9;
    pub const ESCALATED: usize = 10;
    pub const PROBER: usize = 11;
    pub const ZERO_SP: usize = 12;
    pub const FAULTER: usize = 13;
    pub const SIGNALLED: usize = 14;
    pub const SIGNALLER: usize = 15;
    pub const COUNT: usize = 16;
}

/// Numbers below this are counted (the kernel's report has one slot per number).
const COUNTED: usize = 1024;

/// What the writer sends through the pipe.
const MESSAGE: &[u8] = b"sysgate-threads";

/// Threads started so far.
static STARTED: AtomicUsize = AtomicUsize::new(0);
/// Each role's progress (calls made in its loop) and whether it is done.
static PROGRESS: [AtomicUsize; role::COUNT] = [const { AtomicUsize::new(0) }; role::COUNT];
static DONE: [AtomicBool; role::COUNT] = [const { AtomicBool::new(false) }; role::COUNT];
/// The reader is about to read; the writer is about to write.
static READING: AtomicBool = AtomicBool::new(false);
static WRITING: AtomicBool = AtomicBool::new(false);
/// The pledger gave up `time`.
static PLEDGED: AtomicBool = AtomicBool::new(false);

/// A thread's syscalls, counted per number, and its failed checks.
struct Calls {
    counts: [u32; COUNTED],
    failures: usize,
}

impl Calls {
    /// Counts a call to `nr` about to be made.
    fn count(&mut self, nr: usize) {
        self.counts[nr] += 1;
    }

    /// Syscall `nr` with up to four arguments.
    fn call(&mut self, nr: usize, a: [usize; 4]) -> isize {
        self.count(nr);
        // SAFETY: the roles' syscalls take plain values or pointers the kernel validates.
        unsafe { syscall4(nr, a[0], a[1], a[2], a[3]) }
    }

    /// `getpid()`, which must be 1.
    fn getpid_ok(&mut self) -> bool {
        self.count(getpid::NR);
        getpid::call() == Ok(1)
    }

    /// Has the kernel check `got` against `expected` (syscall `check`, which prints it).
    fn check(&mut self, name: &str, got: isize, expected: isize) {
        let ok = self.call(
            nr::CHECK,
            [name.as_ptr() as usize, name.len(), got as usize, expected as usize],
        );
        if ok != 1 {
            self.failures += 1;
        }
    }

    /// Spins making `getpid` calls (counted as `me`'s progress) until `until` is set; the
    /// number of calls that returned a wrong result.
    fn getpid_until(&mut self, me: usize, until: &AtomicBool) -> usize {
        let mut wrong = 0;
        while !until.load(SeqCst) {
            wrong += usize::from(!self.getpid_ok());
            PROGRESS[me].fetch_add(1, SeqCst);
        }
        wrong
    }

    /// Reports the counts (this call and the `exit` included) and exits with the failures.
    fn finish(mut self) -> ! {
        self.count(nr::EXIT);
        self.report();
        exit(self.failures)
    }

    /// Reports the counts, this call included.
    fn report(&mut self) {
        self.count(nr::THREAD_CALLS);
        // SAFETY: the kernel only reads the counts.
        unsafe {
            syscall2(
                nr::THREAD_CALLS,
                self.counts.as_ptr() as usize,
                core::mem::size_of_val(&self.counts),
            )
        };
    }
}

/// Runs role `role` of `threads` threads.
pub fn run(role: usize, threads: usize) -> ! {
    let mut calls = Calls {
        counts: [0; COUNTED],
        failures: 0,
    };
    STARTED.fetch_add(1, SeqCst);
    // All threads exist before any role starts: they run at once (the spin needs preemption,
    // since a thread that started waits here without syscalls).
    while STARTED.load(SeqCst) < threads {
        core::hint::spin_loop();
    }
    match role {
        role::READER => reader(&mut calls),
        role::WRITER => writer(&mut calls),
        role::SLEEPER => sleeper(&mut calls),
        role::SPINNER => spinner(&mut calls),
        role::BLOCKER => blocker(&mut calls),
        role::PLEDGER => pledger(&mut calls),
        role::TIME_USER => time_user(&mut calls),
        role::ESCALATED => escalated(&mut calls),
        role::PROBER => prober(&mut calls),
        role::ZERO_SP => zero_sp(&mut calls, threads),
        role::FAULTER => faulter(&mut calls),
        role::SIGNALLED => signalled(&mut calls),
        role::SIGNALLER => signaller(&mut calls),
        neighbour => {
            let wrong = calls.getpid_until(neighbour, &DONE[neighbour - 1]);
            calls.check(
                "threads: getpid() = 1 in every call beside a blocked or spinning thread (wrong results)",
                wrong as isize,
                0,
            );
        }
    }
    DONE[role].store(true, SeqCst);
    calls.finish()
}

/// Reads the empty pipe: blocks until the writer on another CPU writes.
fn reader(calls: &mut Calls) {
    let mut buf = [0u8; 64];
    READING.store(true, SeqCst);
    let n = calls.call(nr::THREAD_PIPE_READ, [buf.as_mut_ptr() as usize, buf.len(), 0, 0]);
    let exact = n == MESSAGE.len() as isize && &buf[..MESSAGE.len()] == MESSAGE;
    calls.check(
        "threads: blocking read on an empty pipe woken by a writer on another CPU returns exactly the bytes written",
        if exact && WRITING.load(SeqCst) { n } else { -1 },
        MESSAGE.len() as isize,
    );
}

/// Waits until the reader reads, sleeps so it surely blocks, then writes.
fn writer(calls: &mut Calls) {
    while !READING.load(SeqCst) {
        calls.getpid_ok();
    }
    calls.call(nr::NANOSLEEP, [20_000, 0, 0, 0]);
    WRITING.store(true, SeqCst);
    let n = calls.call(nr::THREAD_PIPE_WRITE, [MESSAGE.as_ptr() as usize, MESSAGE.len(), 0, 0]);
    calls.check(
        "threads: write to the pipe from another CPU",
        n,
        MESSAGE.len() as isize,
    );
}

/// `uptime()` as a number (counted).
fn now(calls: &mut Calls) -> u64 {
    calls.count(uptime::NR);
    uptime::call().unwrap_or(0)
}

/// Sleeps 50 ms: the thread on the same CPU makes syscalls meanwhile.
fn sleeper(calls: &mut Calls) {
    const US: usize = 50_000;
    let before = PROGRESS[role::SLEEP_NEIGHBOUR].load(SeqCst);
    let start = calls.call(nr::MONOTONIC_NS, [0; 4]) as u64;
    let slept = calls.call(nr::NANOSLEEP, [US, 0, 0, 0]);
    let elapsed = (calls.call(nr::MONOTONIC_NS, [0; 4]) as u64).wrapping_sub(start);
    let during = PROGRESS[role::SLEEP_NEIGHBOUR].load(SeqCst) - before;
    calls.check(
        "threads: blocking nanosleep(50 ms) on the timer: the thread on the same CPU made syscalls during it (> 0)",
        (slept == 0 && during > 0) as isize,
        1,
    );
    calls.check(
        "threads: blocking nanosleep(50 ms) lasted at least 50 ms",
        (elapsed >= US as u64 * 1000) as isize,
        1,
    );
}

/// Spins in user mode without a syscall until the thread on the same CPU made 100 calls:
/// only preemption lets it run.
fn spinner(calls: &mut Calls) {
    const SPINS: u64 = 1 << 32;
    let start = PROGRESS[role::SPIN_NEIGHBOUR].load(SeqCst);
    let mut spins = 0;
    while PROGRESS[role::SPIN_NEIGHBOUR].load(SeqCst) < start + 100 && spins < SPINS {
        spins += 1;
    }
    calls.check(
        "threads: a thread spinning in user mode without syscalls is preempted: the thread on its CPU made 100 calls meanwhile",
        (spins < SPINS) as isize,
        1,
    );
}

/// A handler that blocks 40 ms in the middle while the thread on the same CPU makes syscalls:
/// both get their own results (each thread has its own kernel stack).
fn blocker(calls: &mut Calls) {
    const SEED: usize = 0x0123_4567_89ab_cdef;
    let before = PROGRESS[role::BLOCK_NEIGHBOUR].load(SeqCst);
    let got = calls.call(nr::BLOCKING_CHECK, [SEED, 40, 0, 0]);
    let during = PROGRESS[role::BLOCK_NEIGHBOUR].load(SeqCst) - before;
    calls.check(
        "threads: a handler that blocks while a thread on the same CPU runs syscalls returns its own result (per-thread kernel stacks)",
        (got == !SEED as isize && during > 0) as isize,
        1,
    );
}

/// Pledges away `time`: its own `uptime()` is refused, another thread's is not.
fn pledger(calls: &mut Calls) {
    let all = (1usize << Category::ALL.len()) - 1;
    let promises = all & !(1 << Category::Time.index());
    let pledged = calls.call(nr::PLEDGE, [promises, 0, 0, 0]);
    // Not counted: a call the policy refuses never reaches the syscall's statistics (the
    // policy counts its denials).
    let refused = uptime::call().is_err();
    PLEDGED.store(true, SeqCst);
    calls.check(
        "threads: thread A pledges away time: its own uptime() -> EPERM",
        (pledged == 0 && refused) as isize,
        1,
    );
    while !DONE[role::TIME_USER].load(SeqCst) {
        calls.getpid_ok();
    }
}

/// Calls `uptime()` after the pledger (on another CPU) gave `time` up.
fn time_user(calls: &mut Calls) {
    while !PLEDGED.load(SeqCst) {
        calls.getpid_ok();
    }
    let time = now(calls);
    calls.check(
        "threads: thread B on another CPU still gets uptime() after thread A pledged away time",
        (time > 0) as isize,
        1,
    );
}

/// A call that is refused, retried with escalation, and blocks escalated for 30 ms.
fn escalated(calls: &mut Calls) {
    let got = calls.call(nr::ESCALATED_SLEEP, [30, 0, 0, 0]);
    calls.check(
        "threads: escalated_sleep granted by escalation, still escalated after blocking 30 ms",
        got,
        1,
    );
}

/// Probes the escalation flag on the escalated thread's CPU while it sleeps escalated.
fn prober(calls: &mut Calls) {
    let (mut during, mut leaked) = (0, 0);
    while !DONE[role::ESCALATED].load(SeqCst) {
        let probe = calls.call(nr::ESCALATION_PROBE, [0; 4]);
        during += usize::from(probe & 2 != 0);
        leaked += usize::from(probe & 1 != 0);
    }
    calls.check(
        "threads: an escalated retry in one thread is invisible to every other thread: probes beside its blocked retry escalated",
        (during > 0 && leaked == 0) as isize,
        1,
    );
}

/// Syscalls with the stack pointer 0, while the other threads run and the timer preempts.
fn zero_sp(calls: &mut Calls, threads: usize) {
    const ROUNDS: usize = 200;
    let survived = (0..ROUNDS)
        .filter(|_| {
            calls.count(getpid::NR);
            crate::arch::zero_sp_survives(getpid::NR)
        })
        .count();
    calls.check(
        "threads: syscalls with a garbage stack pointer (sp = 0) return intact, 200 times",
        survived as isize,
        ROUNDS as isize,
    );
    calls.check(
        "threads: user threads started and ran at once",
        STARTED.load(SeqCst) as isize,
        threads as isize,
    );
}

/// Reports its calls, then faults: only this thread ends.
fn faulter(calls: &mut Calls) -> ! {
    calls.report();
    crate::touch_kernel()
}


/// The signal the signaller sends for the restarted read; its handler has `SA_RESTART`.
const SIGUSR1_RESTART: usize = SIGUSR1;
/// The signal it sends for the interrupted read and sleep; its handler has no `SA_RESTART`.
const SIGUSR2: usize = 12;
/// What the signaller writes into the pipe once the handler of the restarting read ran.
const AFTER_SIGNAL: &[u8] = b"after-signal";

/// The signalled thread's number, once it knows it (0 before).
static SIGNALLED_TID: AtomicUsize = AtomicUsize::new(0);
/// The signalled thread's phase: 1 reads with `SA_RESTART`, 2 reads without, 3 sleeps, 4
/// spins in user mode.
static PHASE: AtomicUsize = AtomicUsize::new(0);
/// Handlers run in the signalled thread, per signal.
static SIGNALS_HANDLED: [AtomicUsize; 32] = [const { AtomicUsize::new(0) }; 32];

/// The signalled thread's handler: counts its signal, then overwrites every register it may
/// change (the interrupted code must not notice).
extern "C" fn on_thread_signal(signo: usize, _frame: usize) {
    SIGNALS_HANDLED[signo].fetch_add(1, SeqCst);
    crate::arch::clobber_registers();
}

/// Blocks in a read of the empty pipe twice and in a sleep once, then spins in user mode; the
/// signaller on another CPU signals it each time. The handler's `rt_sigreturn` calls and the restarted read are counted
/// as the kernel's statistics see them.
fn signalled(calls: &mut Calls) {
    SIGNALLED_TID.store(calls.call(nr::GETTID, [0; 4]) as usize, SeqCst);
    let handler = on_thread_signal as *const () as usize;
    calls.count(nr::RT_SIGACTION);
    calls.count(nr::RT_SIGACTION);
    let installed = sigaction(SIGUSR1_RESTART, handler, SA_RESTART) == 0
        && sigaction(SIGUSR2, handler, 0) == 0;
    // The pipe is the reader's and the writer's until the reader has its bytes.
    while !DONE[role::READER].load(SeqCst) {
        calls.getpid_ok();
    }
    let mut buf = [0u8; 64];
    let read = |calls: &mut Calls, buf: &mut [u8; 64]| {
        calls.call(nr::THREAD_PIPE_READ, [buf.as_mut_ptr() as usize, buf.len(), 0, 0])
    };
    PHASE.store(1, SeqCst);
    let n = read(calls, &mut buf);
    // The read ran twice: once until the signal, once after the handler.
    calls.count(nr::THREAD_PIPE_READ);
    let exact = n == AFTER_SIGNAL.len() as isize && &buf[..AFTER_SIGNAL.len()] == AFTER_SIGNAL;
    let handled = SIGNALS_HANDLED[SIGUSR1_RESTART].load(SeqCst);
    calls.check(
        "threads: thread A blocked in read on an empty pipe gets thread B's signal (SA_RESTART): the handler ran once, the read restarts and returns B's data",
        (installed && exact && handled == 1) as isize,
        1,
    );
    PHASE.store(2, SeqCst);
    let got = read(calls, &mut buf);
    calls.check(
        "threads: thread A blocked in read on an empty pipe gets thread B's signal (no SA_RESTART): the handler ran, the read returns EINTR",
        if SIGNALS_HANDLED[SIGUSR2].load(SeqCst) == 1 { got } else { 0 },
        EINTR,
    );
    PHASE.store(3, SeqCst);
    const US: usize = 1_000_000;
    let start = now(calls);
    let slept = calls.call(nr::NANOSLEEP, [US, 0, 0, 0]);
    let early = now(calls) - start < US as u64 * 1000;
    calls.check(
        "threads: nanosleep(1 s) interrupted by another thread's signal (handler without SA_RESTART) returns EINTR early",
        if SIGNALS_HANDLED[SIGUSR2].load(SeqCst) == 2 && early { slept } else { 0 },
        EINTR,
    );
    // Spins without syscalls until the handler ran: only an interrupt's return delivers.
    const SPINS: u64 = 1 << 32;
    PHASE.store(4, SeqCst);
    let mut spins = 0;
    while SIGNALS_HANDLED[SIGUSR1_RESTART].load(SeqCst) < 2 && spins < SPINS {
        spins += 1;
    }
    calls.check(
        "threads: a signal to thread A spinning in user mode without syscalls is delivered at the return from an interrupt (the timer tick): the handler ran",
        (spins < SPINS) as isize,
        1,
    );
    // One `rt_sigreturn` per handler run.
    for _ in 0..4 {
        calls.count(nr::RT_SIGRETURN);
    }
}

/// Signals the signalled thread (on another CPU) in each of its phases once it surely blocked;
/// writes into the pipe once the handler of the restarting read ran.
fn signaller(calls: &mut Calls) {
    let mut sent = 0;
    let phases = [
        (1, SIGUSR1_RESTART),
        (2, SIGUSR2),
        (3, SIGUSR2),
        (4, SIGUSR1_RESTART),
    ];
    for (phase, signo) in phases {
        while PHASE.load(SeqCst) < phase {
            calls.getpid_ok();
        }
        calls.call(nr::NANOSLEEP, [20_000, 0, 0, 0]);
        let tid = SIGNALLED_TID.load(SeqCst);
        sent += usize::from(calls.call(nr::TKILL, [tid, signo, 0, 0]) == 0);
        if phase == 1 {
            while SIGNALS_HANDLED[SIGUSR1_RESTART].load(SeqCst) == 0 {
                calls.getpid_ok();
            }
            let data = AFTER_SIGNAL.as_ptr() as usize;
            calls.call(nr::THREAD_PIPE_WRITE, [data, AFTER_SIGNAL.len(), 0, 0]);
        }
    }
    calls.check(
        "threads: tkill from thread B to thread A on another CPU, 4 signals sent",
        sent as isize,
        4,
    );
}
