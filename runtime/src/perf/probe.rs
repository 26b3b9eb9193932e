//! What a generated thunk does around the handler call: decide, count, time, record.

use super::{clock, control};
use crate::{Errno, SyscallDesc, perf::SyscallStats};

/// The instrumentation of one call in flight, created by [`Probe::start`] before the handler
/// runs and consumed by [`Probe::finish`] after it (and after recovery).
#[derive(Clone, Copy)]
#[must_use]
pub(crate) enum Probe {
    /// Nothing is recorded: the handler is `fast`, or a switch is off.
    Off,
    /// The call was counted; its latency is not sampled.
    Counted,
    /// The call was counted and started at this clock reading.
    Timed(u64),
}

impl Probe {
    /// Counts the call and, if it is sampled, reads the clock.
    ///
    /// For a `fast` handler this is `Probe::Off` after inlining (`desc` is an immutable static),
    /// and the thunk carries no instrumentation at all. With the global switch off it costs one
    /// relaxed load and a predicted branch.
    #[inline(always)]
    pub(crate) fn start(desc: &'static SyscallDesc) -> Probe {
        if desc.fast {
            return Probe::Off;
        }
        let stats = desc.stats;
        let mode = control::load();
        if !control::counts(mode) || stats.disabled.load(core::sync::atomic::Ordering::Relaxed) {
            return Probe::Off;
        }
        let seq = stats.count_call();
        if control::times(mode, seq) {
            Probe::Timed(clock::now())
        } else {
            Probe::Counted
        }
    }

    /// Records the outcome: the error kind if `result` is an error, the latency if timed.
    #[inline(always)]
    pub(crate) fn finish(self, stats: &SyscallStats, result: &Result<usize, Errno>) {
        if let Probe::Off = self {
            return;
        }
        if let Err(errno) = result {
            stats.count_error(*errno);
        }
        if let Probe::Timed(start) = self {
            finish_timed(stats, start);
        }
    }
}

/// The sampled path, out of line so the common path stays small.
#[inline(never)]
fn finish_timed(stats: &SyscallStats, start: u64) {
    stats.record_latency(clock::now().saturating_sub(start));
}
