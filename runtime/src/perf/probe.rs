//! What a generated thunk does around the handler call: decide, count, time, record.
//!
//! The thunk's counting path ([`crate::thunk`]) uses the pieces one by one, so that nothing
//! but the handler's own state lives across the handler call: [`count`] before it, then either
//! [`Timer`] around it (the sampled call, out of line) or [`count_error`] after a failure (out
//! of line). Its full path, with tracing or injection armed, carries a [`Probe`].

use super::{clock, control};
use crate::{Errno, SyscallDesc, perf::SyscallStats};

/// Counts a call to the syscall of `stats`; returns the call's sequence number in its shard.
/// The caller has checked the syscall's switch, or the hot-path word says every one is on.
#[inline(always)]
pub(crate) fn count(stats: &SyscallStats) -> u64 {
    stats.count_call()
}

/// Counts one failed call, by the kind of its error.
#[inline(always)]
pub(crate) fn count_error(stats: &SyscallStats, errno: Errno) {
    stats.count_error(errno);
}

/// The clock reading that starts a sampled call.
#[must_use]
pub(crate) struct Timer(u64);

impl Timer {
    /// Reads the clock.
    #[inline(always)]
    pub(crate) fn start() -> Timer {
        Timer(clock::now())
    }

    /// Records the sampled call's latency, and the kind of `error` if it failed.
    #[inline(always)]
    pub(crate) fn finish(self, stats: &SyscallStats, error: Option<Errno>) {
        let ticks = clock::now().saturating_sub(self.0);
        if let Some(errno) = error {
            stats.count_error(errno);
        }
        stats.record_latency(ticks);
    }
}

/// The instrumentation of one call on the full path, created by [`Probe::start`] before the
/// handler runs and consumed by [`Probe::finish`] after it (and after recovery).
#[must_use]
pub(crate) enum Probe {
    /// Nothing recorded.
    Off,
    /// Counted, not timed.
    Counted,
    /// Counted and timed.
    Timed(Timer),
}

impl Probe {
    /// Counts the call and, if it is sampled, reads the clock; `word` is the hot-path word
    /// ([`crate::switches`]) the thunk read.
    #[inline(always)]
    pub(crate) fn start(desc: &'static SyscallDesc, word: u64) -> Probe {
        if desc.fast || !control::counts(word) || !desc.stats.is_enabled() {
            return Probe::Off;
        }
        if control::times(word, count(desc.stats)) {
            Probe::Timed(Timer::start())
        } else {
            Probe::Counted
        }
    }

    /// Records the outcome: the kind of `error` if the call failed, the latency if timed.
    #[inline(always)]
    pub(crate) fn finish(self, stats: &SyscallStats, error: Option<Errno>) {
        match self {
            Probe::Off => {}
            Probe::Counted => {
                if let Some(errno) = error {
                    stats.count_error(errno);
                }
            }
            Probe::Timed(timer) => timer.finish(stats, error),
        }
    }
}
