//! Recommendations fire on constructed data that shows each problem, and stay silent on
//! healthy data.

use sysgate::perf::recommend::{self, Recommendation};
use sysgate::perf::{
    ERROR_KINDS, Overhead, PerformanceStatistics, StatsSnapshot, SyscallSnapshot, histogram,
    kind_index,
};
use sysgate::{Category, ErrorKind};

/// A syscall with `calls` calls and `samples` samples of `ticks` each.
fn syscall(nr: usize, name: &'static str, calls: u64, samples: u64, ticks: u64) -> SyscallSnapshot {
    let mut stats = StatsSnapshot {
        calls,
        total_ticks: samples * ticks,
        min_ticks: (samples > 0).then_some(ticks),
        max_ticks: if samples > 0 { ticks } else { 0 },
        ..StatsSnapshot::default()
    };
    stats.histogram.counts[histogram::bucket(ticks)] = samples;
    SyscallSnapshot {
        nr,
        name: Some(name),
        category: Some(Category::File),
        fast: false,
        enabled: true,
        stats,
    }
}

fn statistics(
    syscalls: &[SyscallSnapshot],
    period: u32,
    overhead: Overhead,
) -> PerformanceStatistics {
    let mut totals = StatsSnapshot::default();
    for s in syscalls {
        totals.merge(&s.stats);
    }
    PerformanceStatistics {
        table: &sysgate::table::NATIVE,
        totals,
        per_category: [StatsSnapshot::default(); Category::ALL.len()],
        unknown_calls: 0,
        dropped: 0,
        enabled: true,
        sample_period: period,
        unit: "cycles",
        overhead,
    }
}

const CHEAP: Overhead = Overhead {
    clock_read_ticks: 25,
    atomic_add_ticks: 6,
    estimated_ticks: 0,
};

fn evaluate(syscalls: &[SyscallSnapshot], period: u32, overhead: Overhead) -> Vec<Recommendation> {
    let stats = statistics(syscalls, period, overhead);
    let mut out = Vec::new();
    recommend::evaluate(&stats, syscalls.iter().copied(), |r| out.push(r));
    out
}

/// Five syscalls with even load, few errors, a tight latency distribution, enough samples.
fn healthy() -> Vec<SyscallSnapshot> {
    (0..5)
        .map(|i| syscall(i, "ok", 20_000, 20_000 / 64, 2_000))
        .collect()
}

#[test]
fn healthy_data_gives_no_recommendation() {
    assert_eq!(evaluate(&healthy(), 64, CHEAP), []);
}

#[test]
fn hot_syscall_not_fast() {
    let mut data = healthy();
    data[0] = syscall(0, "getpid", 200_000, 200_000 / 64, 2_000);
    let r = evaluate(&data, 64, CHEAP);
    assert_eq!(
        r,
        [Recommendation::MarkFast {
            nr: 0,
            name: "getpid",
            calls: 200_000,
            share_percent: 71
        }]
    );
    assert_eq!(
        r[0].to_string(),
        "getpid (0): 200000 calls, 71% of all calls; mark it `fast` if its statistics are not needed"
    );
    data[0].fast = true;
    assert_eq!(
        evaluate(&data, 64, CHEAP),
        [],
        "a fast syscall is already fast"
    );
}

#[test]
fn high_error_rate() {
    let mut data = healthy();
    data[2].stats.errors_by_kind[kind_index(ErrorKind::BadAddress)] = 3_000;
    data[2].stats.errors_by_kind[kind_index(ErrorKind::Permission)] = 10;
    let r = evaluate(&data, 64, CHEAP);
    assert_eq!(
        r,
        [Recommendation::HighErrorRate {
            nr: 2,
            name: "ok",
            calls: 20_000,
            errors: 3_010,
            top_kind: Some((ErrorKind::BadAddress, 3_000)),
        }]
    );
    assert_eq!(
        ERROR_KINDS[kind_index(ErrorKind::BadAddress)],
        ErrorKind::BadAddress
    );
    // Under the threshold (10%): silent.
    data[2].stats.errors_by_kind = [0; ERROR_KINDS.len()];
    data[2].stats.errors_by_kind[0] = 1_999;
    assert_eq!(evaluate(&data, 64, CHEAP), []);
}

#[test]
fn long_tail() {
    let mut data = healthy();
    // 2% of samples 40x slower than the rest: p99 lands in the slow bucket.
    data[1].stats.histogram.counts[histogram::bucket(80_000)] = 7;
    data[1].stats.max_ticks = 80_000;
    let r = evaluate(&data, 64, CHEAP);
    assert_eq!(
        r,
        [Recommendation::LongTail {
            nr: 1,
            name: "ok",
            samples: 312 + 7,
            p50: 2048,
            p99: 131_072,
            max: 80_000,
        }]
    );
}

#[test]
fn never_called() {
    let mut data = healthy();
    data.push(syscall(9, "reboot", 0, 0, 0));
    assert_eq!(
        evaluate(&data, 64, CHEAP),
        [Recommendation::NeverCalled {
            nr: 9,
            name: "reboot",
            total_calls: 100_000
        }]
    );
    data.last_mut().unwrap().enabled = false;
    assert_eq!(
        evaluate(&data, 64, CHEAP),
        [],
        "a syscall switched off has no data"
    );
}

#[test]
fn sampling_too_coarse() {
    let data: Vec<_> = healthy()
        .into_iter()
        .map(|mut s| {
            s.stats.histogram.counts = [0; histogram::BUCKETS];
            s.stats.histogram.counts[histogram::bucket(2_000)] = 20_000 / 1024;
            s
        })
        .collect();
    let r = evaluate(&data, 1024, CHEAP);
    assert_eq!(r.len(), 5);
    assert_eq!(
        r[0],
        Recommendation::SamplingTooCoarse {
            nr: 0,
            name: "ok",
            calls: 20_000,
            samples: 19,
            period: 1024,
            suggested: 128,
        }
    );
    assert_eq!(
        evaluate(&data, 0, CHEAP),
        [],
        "counts only: nothing to judge"
    );
}

#[test]
fn sampling_too_fine() {
    // Every call timed, syscalls of 300 cycles, timing ~74 cycles: ~25% of syscall time.
    let data: Vec<_> = (0..5)
        .map(|i| syscall(i, "ok", 20_000, 20_000, 300))
        .collect();
    let r = evaluate(&data, 1, CHEAP);
    assert_eq!(r.len(), 1, "{r:?}");
    let Recommendation::SamplingTooFine {
        period,
        overhead_permille,
        fewest_samples,
        suggested,
    } = r[0]
    else {
        panic!("{r:?}")
    };
    assert_eq!((period, fewest_samples), (1, 20_000));
    assert_eq!(overhead_permille, 246);
    assert_eq!(suggested, 32);
    // Slow syscalls: the same timing cost is noise.
    let data: Vec<_> = (0..5)
        .map(|i| syscall(i, "ok", 20_000, 20_000, 30_000))
        .collect();
    assert_eq!(evaluate(&data, 1, CHEAP), []);
}
