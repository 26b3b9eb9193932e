//! The performance monitor with the original description's API, without `Arc<Mutex<…>>`.

use super::recommend::Recommendations;
use super::snapshot::PerformanceStatistics;
use super::{SyscallStats, clock, control, side};
use crate::{Errno, table};

/// Records syscalls that do not go through a `#[syscall]` thunk and reads every statistic.
///
/// It holds no state of its own: a number with a handler is recorded in that handler's
/// [`SyscallStats`], the same slot its thunk updates; other numbers go to a fixed table of
/// [`SIDE_SLOTS`](super::SIDE_SLOTS) lock-free slots. Any number of monitors may exist; they
/// all see the same data. The global and per-syscall switches apply.
///
/// ```
/// use sysgate::perf::SyscallPerformanceMonitor;
/// # #[cfg(not(feature = "std"))] // with `std` the host kernel is registered
/// # const _: () = {
/// #     struct K;
/// #     impl sysgate::Kernel for K { fn cpu_id() -> usize { 0 } }
/// #     impl sysgate::arch::EntryHooks for K {}
/// #     sysgate::kernel!(K);
/// # };
///
/// let monitor = SyscallPerformanceMonitor::new();
/// let started = monitor.record_syscall_start(500, 7);
/// // … the work of syscall 500 …
/// monitor.record_syscall_complete(500, started.elapsed(), 7, None);
/// let stats = monitor.get_performance_statistics();
/// assert!(stats.syscalls().any(|s| s.nr == 500 && s.stats.calls == 1));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SyscallPerformanceMonitor {
    _private: (),
}

/// The start of a call recorded by [`SyscallPerformanceMonitor::record_syscall_start`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "pass `elapsed()` to `record_syscall_complete`"]
pub struct SyscallStart {
    /// The syscall number.
    pub nr: usize,
    /// The calling process.
    pub pid: u32,
    /// The clock reading at the start.
    pub start: u64,
}

impl SyscallStart {
    /// Clock ticks since the start.
    pub fn elapsed(&self) -> u64 {
        clock::now().saturating_sub(self.start)
    }
}

impl SyscallPerformanceMonitor {
    /// A monitor. `const`, so it can be a `static`.
    pub const fn new() -> Self {
        SyscallPerformanceMonitor { _private: () }
    }

    fn stats(nr: usize) -> Option<&'static SyscallStats> {
        match table::table().get(nr) {
            Some(desc) => Some(desc.stats),
            None => side::slot(nr),
        }
    }

    /// Counts a call to `nr` by process `pid` and returns its start time.
    ///
    /// `pid` is kept in the returned token only: statistics are per syscall, not per process.
    pub fn record_syscall_start(&self, nr: usize, pid: u32) -> SyscallStart {
        if let Some(stats) = Self::stats(nr) {
            let mode = crate::switches::load();
            if control::counts(mode) && stats.is_enabled() {
                stats.count_call();
            }
        }
        SyscallStart {
            nr,
            pid,
            start: clock::now(),
        }
    }

    /// Records the end of a call to `nr`: its latency `duration` (in [`clock`] ticks) while
    /// latencies are timed (every completion: the caller measured it already), and `error`.
    pub fn record_syscall_complete(
        &self,
        nr: usize,
        duration: u64,
        pid: u32,
        error: Option<Errno>,
    ) {
        let _ = pid;
        let Some(stats) = Self::stats(nr) else {
            return;
        };
        let mode = crate::switches::load();
        if !control::counts(mode) || !stats.is_enabled() {
            return;
        }
        if let Some(errno) = error {
            stats.count_error(errno);
        }
        if control::sample_period() != 0 {
            stats.record_latency(duration);
        }
    }

    /// A snapshot of every statistic: per syscall, per category, totals, unknown numbers and
    /// the instrumentation's own cost.
    pub fn get_performance_statistics(&self) -> PerformanceStatistics {
        PerformanceStatistics::take()
    }

    /// Recommendations computed from a fresh snapshot (see [`super::recommend`]).
    pub fn get_optimization_recommendations(&self) -> Recommendations {
        Recommendations::from_statistics(self.get_performance_statistics())
    }
}
