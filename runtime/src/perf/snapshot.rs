//! A point-in-time view of every statistic: per syscall, per category, totals, overhead.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use super::{StatsSnapshot, clock, control, side};
use crate::table::{self, SyscallTable};
use crate::{Category, SyscallDesc};

/// One syscall's statistics with what identifies it.
#[derive(Clone, Copy, Debug)]
pub struct SyscallSnapshot {
    /// The syscall number.
    pub nr: usize,
    /// The handler's name; `None` for a number recorded by the monitor without a handler.
    pub name: Option<&'static str>,
    /// The handler's category; `None` without a handler.
    pub category: Option<Category>,
    /// Whether the handler is `fast` (its thunk records nothing).
    pub fast: bool,
    /// Whether this syscall's switch is on.
    pub enabled: bool,
    /// The counters.
    pub stats: StatsSnapshot,
}

impl SyscallSnapshot {
    fn of(desc: &'static SyscallDesc) -> Self {
        SyscallSnapshot {
            nr: desc.nr,
            name: Some(desc.name),
            category: Some(desc.category),
            fast: desc.fast,
            enabled: desc.stats.is_enabled(),
            stats: desc.stats.snapshot(),
        }
    }

    /// The name, or `"?"` for a number without a handler.
    pub fn display_name(&self) -> &'static str {
        self.name.unwrap_or("?")
    }

    /// The median sampled latency (upper bound of its log2 bucket).
    pub fn p50(&self) -> Option<u64> {
        self.stats.histogram.percentile(50)
    }

    /// The 99th-percentile sampled latency (upper bound of its log2 bucket).
    pub fn p99(&self) -> Option<u64> {
        self.stats.histogram.percentile(99)
    }
}

/// What instrumentation itself costs, measured when the snapshot is taken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overhead {
    /// Ticks between two back-to-back clock reads (the smallest of 32 tries).
    pub clock_read_ticks: u64,
    /// Ticks per relaxed atomic add on an uncontended counter (mean over 256).
    pub atomic_add_ticks: u64,
    /// Estimate for every recorded call: one add per counted call, and two clock reads plus
    /// four adds per sampled call. Contention and cache misses are not included.
    pub estimated_ticks: u64,
}

impl Overhead {
    /// The estimated cost of timing one call: two clock reads and four atomic updates.
    pub fn per_sample_ticks(&self) -> u64 {
        2 * self.clock_read_ticks + 4 * self.atomic_add_ticks
    }

    fn measure(counted: u64, sampled: u64) -> Overhead {
        let clock_read_ticks = (0..32)
            .map(|_| {
                let a = clock::now();
                clock::now().saturating_sub(a)
            })
            .min()
            .unwrap_or(0);
        let counter = AtomicU64::new(0);
        let start = clock::now();
        for _ in 0..256 {
            core::hint::black_box(&counter).fetch_add(1, Relaxed);
        }
        let atomic_add_ticks = clock::now().saturating_sub(start) / 256;
        let mut overhead = Overhead {
            clock_read_ticks,
            atomic_add_ticks,
            estimated_ticks: 0,
        };
        overhead.estimated_ticks = counted
            .saturating_mul(atomic_add_ticks)
            .saturating_add(sampled.saturating_mul(overhead.per_sample_ticks()));
        overhead
    }
}

/// Every statistic at one moment; per-syscall entries are read as [`syscalls`] iterates.
///
/// [`syscalls`]: PerformanceStatistics::syscalls
#[derive(Clone, Debug)]
pub struct PerformanceStatistics {
    /// The table the statistics are of.
    pub table: &'static SyscallTable,
    /// All syscalls together, including numbers recorded by the monitor without a handler.
    pub totals: StatsSnapshot,
    /// Per category, indexed by [`Category::index`] (handlers only).
    pub per_category: [StatsSnapshot; Category::ALL.len()],
    /// Calls to numbers with no handler, answered with `ENOSYS` by dispatch.
    pub unknown_calls: u64,
    /// Monitor records lost because its side table was full.
    pub dropped: u64,
    /// Whether the global switch is on.
    pub enabled: bool,
    /// The latency sampling period (0: not timed).
    pub sample_period: u32,
    /// The unit of every latency figure (`"cycles"`, `"ns"`).
    pub unit: &'static str,
    /// The instrumentation's own cost.
    pub overhead: Overhead,
}

impl PerformanceStatistics {
    /// Takes a snapshot of the statistics of every syscall of the native table.
    pub fn take() -> Self {
        Self::take_of(&table::NATIVE)
    }

    /// Takes a snapshot of the statistics of every syscall of `table` (the monitor's side
    /// table belongs to the native one).
    pub fn take_of(table: &'static SyscallTable) -> Self {
        let mut totals = StatsSnapshot::default();
        let mut per_category = [StatsSnapshot::default(); Category::ALL.len()];
        for s in Self::syscalls_now(table) {
            totals.merge(&s.stats);
            if let Some(c) = s.category {
                per_category[c.index()].merge(&s.stats);
            }
        }
        PerformanceStatistics {
            table,
            overhead: Overhead::measure(totals.calls, totals.samples()),
            totals,
            per_category,
            unknown_calls: table.unknown_calls(),
            dropped: side::dropped(),
            enabled: control::is_enabled(),
            sample_period: control::sample_period(),
            unit: clock::unit(),
        }
    }

    fn syscalls_now(table: &'static SyscallTable) -> impl Iterator<Item = SyscallSnapshot> {
        let handlers = table.table().iter().map(SyscallSnapshot::of);
        let native = core::ptr::eq(table, &table::NATIVE);
        let others = side::entries()
            .filter(move |_| native)
            .map(|(nr, stats)| SyscallSnapshot {
                nr,
                name: None,
                category: None,
                fast: false,
                enabled: stats.is_enabled(),
                stats: stats.snapshot(),
            });
        handlers.chain(others)
    }

    /// Every installed handler in number order, then numbers recorded without a handler.
    pub fn syscalls(&self) -> impl Iterator<Item = SyscallSnapshot> {
        Self::syscalls_now(self.table)
    }

    /// The figures for one category.
    pub fn category(&self, category: Category) -> &StatsSnapshot {
        &self.per_category[category.index()]
    }

    /// The estimated instrumentation cost in parts per thousand of the time spent in sampled
    /// syscalls, extrapolated to every call; `None` without latency samples.
    pub fn overhead_permille(&self) -> Option<u64> {
        let mean = self.totals.mean_ticks()?;
        let spent = mean.saturating_mul(self.totals.calls);
        (self.overhead.estimated_ticks.saturating_mul(1000)).checked_div(spent)
    }
}
