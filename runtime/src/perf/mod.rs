//! Per-syscall performance statistics, recorded inline by the generated thunks.
//!
//! # What is recorded
//! For every handler not marked `fast`: exact counts of calls and of errors per
//! [`ErrorKind`](crate::ErrorKind), and, for one call in [`sample_period`], its latency in
//! [`clock`] ticks (total, min, max and a log2 [`histogram`]). Nothing on this path locks or
//! allocates; every counter is a relaxed atomic in the handler's own [`SyscallStats`].
//!
//! # Cost control
//! - [`disable`]/[`enable`]: the global switch. Off, a thunk pays one load and a branch.
//! - [`set_syscall_enabled`] or [`SyscallStats::set_enabled`]: one syscall's switch.
//! - [`set_sample_period`]: time one call in N (a power of two), or none (`0`, counts only).
//! - `#[syscall(..., fast)]`: the handler's thunk contains no instrumentation at all.
//! - Building `sysgate` without the `instrument` feature removes it from every thunk.

pub mod clock;
mod control;
pub mod histogram;
mod probe;
mod stats;

pub use control::{
    BadPeriod, DEFAULT_SAMPLE_PERIOD, disable, enable, is_enabled, sample_period,
    set_sample_period, set_syscall_enabled,
};
pub(crate) use probe::Probe;
pub use stats::{ERROR_KINDS, StatsSnapshot, SyscallStats, kind_index};
