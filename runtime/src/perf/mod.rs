//! Per-syscall performance statistics, recorded inline by the generated thunks.
//!
//! # What is recorded
//! For every handler not marked `fast`: exact counts of calls and of errors per
//! [`ErrorKind`](crate::ErrorKind), and, for one call in [`sample_period`], its latency in
//! [`clock`] ticks (total, min, max and a log2 [`histogram`]). Nothing on this path locks or
//! allocates; every counter is a relaxed atomic in the handler's own [`SyscallStats`]. Calls
//! are counted per CPU (on bare metal the runtime's own per-CPU area names the CPU, see
//! [`crate::cpu`]; hosted, [`Kernel::cpu_id`](crate::Kernel::cpu_id)) without a locked
//! instruction, and the report shows them per CPU.
//!
//! # Cost control
//! - [`disable`]/[`enable`]: the global switch. Off, a thunk pays one load and a branch.
//! - [`set_syscall_enabled`] or [`SyscallStats::set_enabled`]: one syscall's switch.
//! - [`set_sample_period`]: time one call in N (a power of two), or none (`0`, counts only).
//! - `#[syscall(..., fast)]`: the handler's thunk contains no instrumentation at all.
//! - Building `sysgate` without the `instrument` feature removes it from every thunk.

pub mod clock;
pub(crate) mod control;
pub mod histogram;
mod json;
mod monitor;
#[cfg(feature = "instrument")]
mod probe;
pub mod recommend;
mod report;
mod shard;
mod side;
mod snapshot;
mod stats;

pub use control::{
    BadPeriod, DEFAULT_SAMPLE_PERIOD, disable, enable, is_enabled, sample_period,
    set_sample_period, set_syscall_enabled,
};
pub use json::write_json;
pub use monitor::{SyscallPerformanceMonitor, SyscallStart};
#[cfg(feature = "instrument")]
pub(crate) use probe::{Probe, Timer, count, count_error};
pub use recommend::{Recommendation, Recommendations};
pub use report::write_report;
pub use shard::SHARDS;
pub use side::SIDE_SLOTS;
pub use snapshot::{Overhead, PerformanceStatistics, SyscallSnapshot};
#[cfg(target_os = "none")]
pub(crate) use stats::shard_offset;
pub use stats::{ERROR_KINDS, StatsSnapshot, SyscallStats, kind_index};

/// A snapshot of every statistic (the same as
/// [`SyscallPerformanceMonitor::get_performance_statistics`]).
pub fn statistics() -> PerformanceStatistics {
    PerformanceStatistics::take()
}

/// Zeroes the statistics of every handler and of the monitor's side table.
pub fn reset() {
    for d in crate::table::table().iter() {
        d.stats.reset();
    }
    for (_, s) in side::entries() {
        s.reset();
    }
}
