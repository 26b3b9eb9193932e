//! User-mode work the boot CPU hands to the secondary CPUs: each runs the user program on its
//! own user stack, concurrently with the others, and reports how it ended; or each runs the
//! scheduler ([`crate::sched::run`]) until the boot CPU ends the threads' run.
//!
//! A secondary CPU idles ([`arch::idle`]) until [`arch::wake`] signals it, so idle CPUs use no
//! emulated time.

use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{MAX_CPUS, online};
use crate::arch::{self, UserExit};
use crate::{Mode, run_on};

/// One CPU's slot: what to run and whether it ran as expected.
struct Job {
    posted: AtomicBool,
    threads: AtomicBool,
    done: AtomicBool,
    entry: AtomicUsize,
    calls: AtomicUsize,
    nr: AtomicUsize,
    faulted: AtomicBool,
}

static JOBS: [Job; MAX_CPUS] = [const {
    Job {
        posted: AtomicBool::new(false),
        threads: AtomicBool::new(false),
        done: AtomicBool::new(false),
        entry: AtomicUsize::new(0),
        calls: AtomicUsize::new(0),
        nr: AtomicUsize::new(0),
        faulted: AtomicBool::new(false),
    }
}; MAX_CPUS];

/// Runs the user program in [`Mode::Bench`] (`calls` syscalls `nr`, then a deliberate fault)
/// on CPU `cpu`, on that CPU's user stack; whether it ended with the fault.
fn bench_run(cpu: usize, entry: usize, calls: usize, nr: usize) -> bool {
    matches!(
        run_on(cpu, entry, Mode::Bench, calls, nr),
        UserExit::Fault { .. }
    )
}

/// Has every online CPU, this (boot) CPU included, make `calls` syscalls `nr` from user mode
/// at the same time; returns how many CPUs ran and how many of those ended as expected.
pub fn everywhere(entry: usize, calls: usize, nr: usize) -> (usize, usize) {
    let others: usize = (1..MAX_CPUS).filter(|&cpu| online(cpu)).count();
    for (cpu, job) in JOBS
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(cpu, _)| online(*cpu))
    {
        job.entry.store(entry, Ordering::Relaxed);
        job.calls.store(calls, Ordering::Relaxed);
        job.nr.store(nr, Ordering::Relaxed);
        job.threads.store(false, Ordering::Relaxed);
        job.done.store(false, Ordering::Relaxed);
        job.posted.store(true, Ordering::Release);
        arch::wake(cpu);
    }
    let mut ok = usize::from(bench_run(0, entry, calls, nr));
    for job in JOBS
        .iter()
        .skip(1)
        .filter(|j| j.posted.load(Ordering::Relaxed))
    {
        wait_done(job);
        ok += usize::from(job.faulted.load(Ordering::Relaxed));
    }
    (others + 1, ok)
}

/// Waits until `job` is done and takes it down.
fn wait_done(job: &Job) {
    while !job.done.load(Ordering::Acquire) {
        core::hint::spin_loop();
    }
    job.posted.store(false, Ordering::Relaxed);
}

/// Set while the secondary CPUs run the scheduler.
static SCHEDULING: AtomicBool = AtomicBool::new(false);

/// Has every online secondary CPU run the scheduler ([`crate::sched::run`]) until
/// [`stop_scheduling`].
pub fn start_scheduling() {
    SCHEDULING.store(true, Ordering::Release);
    for (cpu, job) in JOBS
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(cpu, _)| online(*cpu))
    {
        job.threads.store(true, Ordering::Relaxed);
        job.done.store(false, Ordering::Relaxed);
        job.posted.store(true, Ordering::Release);
        arch::wake(cpu);
    }
}

/// Ends the secondary CPUs' scheduler runs and waits until each is back.
pub fn stop_scheduling() {
    SCHEDULING.store(false, Ordering::Release);
    crate::sched::finish();
    for job in JOBS
        .iter()
        .skip(1)
        .filter(|j| j.posted.load(Ordering::Relaxed))
    {
        wait_done(job);
    }
}

/// Serves CPU `cpu`'s slot forever.
pub fn serve(cpu: usize) -> ! {
    let job = &JOBS[cpu];
    loop {
        while !job.posted.load(Ordering::Acquire) || job.done.load(Ordering::Relaxed) {
            arch::idle();
        }
        if job.threads.load(Ordering::Relaxed) {
            crate::sched::run(|| !SCHEDULING.load(Ordering::Acquire));
            job.done.store(true, Ordering::Release);
            continue;
        }
        let (entry, calls, nr) = (
            job.entry.load(Ordering::Relaxed),
            job.calls.load(Ordering::Relaxed),
            job.nr.load(Ordering::Relaxed),
        );
        job.faulted
            .store(bench_run(cpu, entry, calls, nr), Ordering::Relaxed);
        job.done.store(true, Ordering::Release);
    }
}
