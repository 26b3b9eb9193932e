//! The instrumentation the thunks carry: exact counts, sampled latencies, switches, `fast`,
//! the monitor, reports and recommendations.
//!
//! Switches, the sampling period and the host kernel's clock are global: every test takes
//! `LOCK` and puts them back with `Setup`'s `Drop`.

use std::sync::{Mutex, MutexGuard};

use sysgate::host;
use sysgate::perf::{self, SyscallPerformanceMonitor, histogram};
use sysgate::{Errno, ErrorKind, dispatch, registry, syscall};

static LOCK: Mutex<()> = Mutex::new(());

/// Holds the lock and restores the defaults when dropped.
struct Setup(#[allow(dead_code)] MutexGuard<'static, ()>);

fn setup() -> Setup {
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    perf::reset();
    Setup(guard)
}

impl Drop for Setup {
    fn drop(&mut self) {
        perf::enable();
        perf::set_sample_period(perf::DEFAULT_SAMPLE_PERIOD).unwrap();
        host::use_real_clock();
    }
}

/// Takes `ticks` of the host kernel's fake clock.
#[syscall(nr = 600, category = "time")]
fn spin_ticks(ticks: u64) -> u64 {
    host::advance_clock(ticks);
    ticks
}

/// Succeeds on even numbers, fails with EINVAL on odd ones.
#[syscall(nr = 601, category = "system")]
fn even(n: u64) -> Result<u64, Errno> {
    if n.is_multiple_of(2) {
        Ok(n)
    } else {
        Err(Errno::EINVAL)
    }
}

/// Returns its argument; instrumentation is compiled out.
#[syscall(nr = 602, category = "system", fast)]
fn echo_fast(n: u64) -> u64 {
    n
}

/// Returns its argument.
#[syscall(nr = 603, category = "system")]
fn echo(n: u64) -> u64 {
    n
}

/// Registered, never called by these tests.
#[syscall(nr = 604, category = "device")]
fn idle() -> u64 {
    0
}

fn stats(nr: usize) -> perf::StatsSnapshot {
    registry::get_syscall_info(nr).unwrap().stats.snapshot()
}

#[test]
fn two_threads_count_exactly() {
    let _s = setup();
    const PER_THREAD: u64 = 50_000;
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for i in 0..PER_THREAD {
                    dispatch(601, [i as usize, 0, 0, 0, 0, 0]);
                    dispatch(603, [i as usize, 0, 0, 0, 0, 0]);
                }
            });
        }
    });
    let (even, echo) = (stats(601), stats(603));
    assert_eq!(even.calls, 2 * PER_THREAD);
    assert_eq!(even.errors(), PER_THREAD, "odd arguments fail");
    assert_eq!(
        even.errors_by_kind[perf::kind_index(ErrorKind::InvalidArgument)],
        PER_THREAD
    );
    assert_eq!(echo.calls, 2 * PER_THREAD);
    assert_eq!(echo.errors(), 0);
    // Sampling: one call in 64 of each thread is timed (each thread counts in its own shard).
    assert_eq!(echo.samples(), 2 * PER_THREAD.div_ceil(64));
}

#[test]
fn fake_clock_fills_the_right_buckets() {
    let _s = setup();
    host::use_fake_clock();
    perf::set_sample_period(1).unwrap();
    for ticks in [0, 1, 5, 5, 6, 700, 3000] {
        dispatch(600, [ticks, 0, 0, 0, 0, 0]);
    }
    let s = stats(600);
    assert_eq!(s.calls, 7);
    assert_eq!(s.samples(), 7);
    assert_eq!(s.histogram.counts[0], 1);
    assert_eq!(s.histogram.counts[histogram::bucket(1)], 1);
    assert_eq!(s.histogram.counts[3], 3, "5, 5 and 6 are in [4, 8)");
    assert_eq!(s.histogram.counts[10], 1, "700 is in [512, 1K)");
    assert_eq!(s.histogram.counts[12], 1, "3000 is in [2K, 4K)");
    assert_eq!(s.total_ticks, 3717);
    assert_eq!((s.min_ticks, s.max_ticks), (Some(0), 3000));
    assert_eq!(s.mean_ticks(), Some(531));
    assert_eq!(s.histogram.percentile(50), Some(8));
    assert_eq!(perf::clock::unit(), "ticks");

    let mut text = String::new();
    perf::write_report(&mut text, &perf::statistics()).unwrap();
    assert!(
        text.contains("@spin_ticks[600]: latency in ticks, 7 samples"),
        "{text}"
    );
    assert!(
        text.contains(
            "[4, 8)                     3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|"
        ),
        "{text}"
    );
}

#[test]
fn sampling_times_one_call_in_n_and_counts_all() {
    let _s = setup();
    host::use_fake_clock();
    assert!(perf::set_sample_period(3).is_err());
    perf::set_sample_period(8).unwrap();
    assert_eq!(perf::sample_period(), 8);
    for _ in 0..80 {
        dispatch(600, [10, 0, 0, 0, 0, 0]);
    }
    let s = stats(600);
    assert_eq!((s.calls, s.samples(), s.total_ticks), (80, 10, 100));

    perf::set_sample_period(0).unwrap();
    for _ in 0..80 {
        dispatch(600, [10, 0, 0, 0, 0, 0]);
    }
    let s = stats(600);
    assert_eq!(
        (s.calls, s.samples()),
        (160, 10),
        "counts only: no new samples"
    );
}

#[test]
fn switches_and_fast_change_what_is_recorded() {
    let _s = setup();
    perf::disable();
    assert!(!perf::is_enabled());
    dispatch(603, [1, 0, 0, 0, 0, 0]);
    assert_eq!(stats(603).calls, 0, "global switch off");
    perf::enable();
    dispatch(603, [1, 0, 0, 0, 0, 0]);
    assert_eq!(stats(603).calls, 1);

    assert!(perf::set_syscall_enabled(603, false));
    assert!(!perf::set_syscall_enabled(999, false), "no such handler");
    dispatch(603, [1, 0, 0, 0, 0, 0]);
    dispatch(601, [2, 0, 0, 0, 0, 0]);
    assert_eq!(stats(603).calls, 1, "this syscall's switch off");
    assert_eq!(stats(601).calls, 1, "the others still count");
    assert!(perf::set_syscall_enabled(603, true));

    assert_eq!(dispatch(602, [5, 0, 0, 0, 0, 0]), 5);
    let info = registry::get_syscall_info(602).unwrap();
    assert!(info.fast);
    assert_eq!(
        info.stats.snapshot(),
        perf::StatsSnapshot::default(),
        "fast records nothing"
    );
}

#[test]
fn monitor_records_handlers_and_other_numbers() {
    let _s = setup();
    host::use_fake_clock();
    let monitor = SyscallPerformanceMonitor::new();
    let start = monitor.record_syscall_start(603, 42);
    host::advance_clock(100);
    monitor.record_syscall_complete(603, start.elapsed(), 42, None);
    let s = stats(603);
    assert_eq!(
        (s.calls, s.samples(), s.total_ticks),
        (1, 1, 100),
        "the handler's own slot"
    );

    for _ in 0..3 {
        let start = monitor.record_syscall_start(777, 1);
        monitor.record_syscall_complete(777, start.elapsed() + 9, 1, Some(Errno::ENOENT));
    }
    let stats = monitor.get_performance_statistics();
    let side = stats.syscalls().find(|s| s.nr == 777).unwrap();
    assert_eq!(side.name, None);
    assert_eq!(
        (side.stats.calls, side.stats.errors(), side.stats.samples()),
        (3, 3, 3)
    );
    assert_eq!(side.stats.top_error_kind(), Some((ErrorKind::NotFound, 3)));
    assert_eq!(stats.totals.calls, 4);
    assert_eq!(stats.category(sysgate::Category::System).calls, 1);
    assert_eq!(stats.unit, "ticks");
}

#[test]
fn json_export_is_well_formed() {
    let _s = setup();
    perf::set_sample_period(1).unwrap();
    dispatch(601, [3, 0, 0, 0, 0, 0]);
    let mut json = String::new();
    perf::write_json(&mut json, &perf::statistics()).unwrap();
    assert!(
        json.starts_with("{\"enabled\":true,\"sample_period\":1,"),
        "{json}"
    );
    assert!(
        json.contains("\"nr\":601,\"name\":\"even\",\"category\":\"system\""),
        "{json}"
    );
    assert!(
        json.contains("\"errors_by_kind\":{\"InvalidArgument\":1}"),
        "{json}"
    );
    let depth = json.chars().try_fold(0i32, |d, c| match c {
        '{' | '[' => Some(d + 1),
        '}' | ']' => (d > 0).then(|| d - 1),
        _ => Some(d),
    });
    assert_eq!(depth, Some(0), "balanced: {json}");
}
