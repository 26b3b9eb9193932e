//! Stress: every handler of the realistic set dispatched from several threads with error
//! injection on, then every counter checked exactly against the calls made.
//!
//! - per syscall: calls counted = calls made, errors counted = errors returned, first-attempt
//!   failures − recoveries = errors returned; unknown numbers counted exactly;
//! - the error log: kept + overwritten = logged, and logged = failures recorded;
//! - no allocation on the dispatch path (a counting global allocator, per thread), no growth of
//!   live heap memory over the run, resident memory printed from `/proc/self/statm`;
//! - no deadlock: a watchdog fails the test if the workers have not finished long after the
//!   configured duration (a liveness guard, not a performance limit).
//!
//! `SYSGATE_STRESS_MS` (default 500) and `SYSGATE_STRESS_THREADS` (default 4) configure it;
//! run with `--nocapture` to see the counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering::Relaxed};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use sysgate::error::{self, inject};
use sysgate::{Errno, dispatch, registry, table};

use sysgate_test_handlers as _;

/// Counts live heap bytes, and allocations made by threads that asked to be watched.
struct Counting;

static LIVE: AtomicI64 = AtomicI64::new(0);

thread_local! {
    static WATCHED: Cell<Option<u64>> = const { Cell::new(None) };
}

// SAFETY: forwards to the system allocator; the bookkeeping does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as i64, Relaxed);
        let _ = WATCHED.try_with(|w| w.set(w.get().map(|n| n + 1)));
        // SAFETY: forwarded.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as i64, Relaxed);
        // SAFETY: forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident pages, from `/proc/self/statm` (0 where it does not exist).
fn resident_pages() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// Syscall numbers with an injection rule, the errno and the rate per million.
const RULES: [(usize, Errno); 8] = [
    (0, Errno::EAGAIN),
    (1, Errno::EIO),
    (9, Errno::ENOMEM),
    (13, Errno::EFAULT),
    (39, Errno::EINTR),
    (63, Errno::EBUSY),
    (105, Errno::EACCES),
    (300, Errno::EAGAIN),
];
const RATE: u32 = 100_000;

/// Numbers with no handler.
const UNKNOWN: [usize; 3] = [7, 1023, usize::MAX];

/// The calls one round makes: good and bad arguments for every handler, and unknown numbers.
fn round(buf: &mut [u8; 64], value: &mut u64) -> Vec<(usize, [usize; 6])> {
    let msg = b"stress";
    let (b, m, v) = (
        buf.as_mut_ptr() as usize,
        msg.as_ptr() as usize,
        value as *mut u64 as usize,
    );
    let mut calls = vec![
        (0, [0, b, 64, 0, 0, 0]),
        (0, [5, b, 64, 0, 0, 0]),
        (1, [1, m, msg.len(), 0, 0, 0]),
        (1, [9, m, msg.len(), 0, 0, 0]),
        (8, [0, 5, 0, 0, 0, 0]),
        (8, [0, usize::MAX, 0, 0, 0, 0]),
        (9, [4096, 0, 0, 0, 0, 0]),
        (9, [0, 0, 0, 0, 0, 0]),
        (13, [v, 7, 0, 0, 0, 0]),
        (13, [0, 7, 0, 0, 0, 0]),
        (16, [0, 0x5401, 1, 0, 0, 0]),
        (16, [0, 1, 1, 0, 0, 0]),
        (22, [0; 6]),
        (39, [0; 6]),
        (44, [5, m, msg.len(), 0, 0, 0]),
        (44, [1, m, msg.len(), 0, 0, 0]),
        (60, [0; 6]),
        (63, [b, 64, 0, 0, 0, 0]),
        (105, [0; 6]),
        (105, [1, 0, 0, 0, 0, 0]),
        (201, [0; 6]),
        (300, [1, 2, 3, 4, 5, 6]),
        (300, [usize::MAX, 1, 0, 0, 0, 0]),
    ];
    calls.extend(UNKNOWN.map(|nr| (nr, [0; 6])));
    calls
}

/// What one thread saw: calls and error returns per number, allocations while dispatching.
#[derive(Default)]
struct Seen {
    calls: BTreeMap<usize, u64>,
    errors: BTreeMap<usize, u64>,
    allocations: u64,
}

fn worker(duration: Duration) -> Seen {
    let (mut buf, mut value) = ([0u8; 64], 0u64);
    let calls = round(&mut buf, &mut value);
    let mut calls_made = [0u64; 32];
    let mut errors = [0u64; 32];
    let end = Instant::now() + duration;
    WATCHED.with(|w| w.set(Some(0)));
    while Instant::now() < end {
        for _ in 0..64 {
            for (i, &(nr, args)) in calls.iter().enumerate() {
                calls_made[i] += 1;
                let ret = dispatch(nr, args);
                if let Some(errno) = Errno::from_ret(ret) {
                    assert!(errno.name().is_some(), "dispatch({nr}) = {ret}");
                    errors[i] += 1;
                }
            }
        }
    }
    let allocations = WATCHED.with(|w| w.replace(None)).unwrap_or(0);
    let mut seen = Seen {
        allocations,
        ..Seen::default()
    };
    for (i, &(nr, _)) in calls.iter().enumerate() {
        *seen.calls.entry(nr).or_default() += calls_made[i];
        *seen.errors.entry(nr).or_default() += errors[i];
    }
    seen
}

/// Runs `threads` workers for `duration`; fails if they have not all finished long after.
fn run(threads: u64, duration: Duration) -> Seen {
    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let tx = tx.clone();
            std::thread::spawn(move || tx.send(worker(duration)).unwrap())
        })
        .collect();
    let mut total = Seen::default();
    let watchdog = duration + Duration::from_secs(120);
    for _ in 0..threads {
        let seen = rx
            .recv_timeout(watchdog)
            .expect("a stress worker did not finish: deadlock or lost wake-up");
        total.allocations += seen.allocations;
        for (nr, n) in seen.calls {
            *total.calls.entry(nr).or_default() += n;
        }
        for (nr, n) in seen.errors {
            *total.errors.entry(nr).or_default() += n;
        }
    }
    for h in handles {
        h.join().unwrap();
    }
    total
}

/// Per syscall: (calls, errors, first-attempt failures, recovered).
fn counters(nr: usize) -> [u64; 4] {
    let e = error::handler().stats();
    let s = registry::get_syscall_info(nr).unwrap().stats;
    [s.calls(), s.errors(), e.failed(nr), e.recovered(nr)]
}

#[test]
fn all_handlers_from_many_threads_with_injection() {
    let duration = Duration::from_millis(env("SYSGATE_STRESS_MS", 500));
    let threads = env("SYSGATE_STRESS_THREADS", 4).max(2);
    sysgate::perf::enable();
    inject::clear();
    inject::seed(7);
    for (nr, errno) in RULES {
        assert!(inject::fail(nr, errno, RATE));
    }

    // A short warm-up, so lazily initialised state is in place before memory is measured.
    run(threads, Duration::from_millis(20));
    let nrs: Vec<usize> = registry::get_all_syscalls().map(|d| d.nr).collect();
    let before: BTreeMap<usize, [u64; 4]> = nrs.iter().map(|&nr| (nr, counters(nr))).collect();
    let log = error::handler().log();
    let (logged, overwritten, kept) = (log.logged(), log.overwritten(), log.kept() as u64);
    let unknown = table::unknown_calls();
    let injected = inject::injected();
    let (live, rss) = (LIVE.load(Relaxed), resident_pages());

    let seen = run(threads, duration);

    inject::clear();
    let mut failures = 0;
    for &nr in &nrs {
        let [calls, errors, failed, recovered] = counters(nr);
        let b = before[&nr];
        let desc = registry::get_syscall_info(nr).unwrap();
        let made = seen.calls[&nr];
        let errs = seen.errors[&nr];
        let counted = if desc.fast { 0 } else { made };
        assert_eq!(calls - b[0], counted, "{}: calls", desc.name);
        assert_eq!(
            errors - b[1],
            if desc.fast { 0 } else { errs },
            "{}: errors",
            desc.name
        );
        assert_eq!(
            (failed - b[2]) - (recovered - b[3]),
            errs,
            "{}: failures − recoveries",
            desc.name
        );
        failures += failed - b[2];
    }
    let unknown_made: u64 = UNKNOWN.iter().map(|nr| seen.calls[nr]).sum();
    assert_eq!(table::unknown_calls() - unknown, unknown_made);
    let logged = log.logged() - logged;
    assert_eq!(logged, failures, "every failure is logged once");
    let overwritten = log.overwritten() - overwritten;
    assert_eq!(
        log.kept() as u64 + overwritten,
        kept + logged,
        "kept + overwritten = logged"
    );
    assert_eq!(seen.allocations, 0, "dispatch allocated");
    let total: u64 = seen.calls.values().sum();
    drop(seen);
    let (live_after, rss_after) = (LIVE.load(Relaxed), resident_pages());
    assert!(
        live_after <= live,
        "live heap grew from {live} to {live_after} bytes"
    );
    println!(
        "stress: {threads} threads × {duration:?}: {total} calls, {failures} failures logged \
         ({logged} logged, {overwritten} overwritten, {} kept), {} injected, \
         {} unknown; live heap {live} → {live_after} bytes, resident {rss} → {rss_after} pages, \
         0 allocations while dispatching",
        log.kept(),
        inject::injected() - injected,
        unknown_made,
    );
}
