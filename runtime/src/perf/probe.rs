//! What a generated thunk does around the handler call: decide, count, time, record.

use core::sync::atomic::Ordering::Relaxed;

use super::{clock, control};
use crate::{Errno, SyscallDesc, perf::SyscallStats};

/// The instrumentation of one call in flight, created by [`Probe::start`] before the handler
/// runs and consumed by [`Probe::finish`] after it (and after recovery).
///
/// One word, so it costs the thunk a single register across the handler call: `OFF` (nothing
/// recorded), `COUNTED` (counted, not timed), or `TIMED | start` (counted, started at `start`).
#[derive(Clone, Copy)]
#[must_use]
pub(crate) struct Probe(u64);

const OFF: u64 = 0;
const COUNTED: u64 = 1;
const TIMED: u64 = 1 << 63;

impl Probe {
    /// A call that records nothing.
    pub(crate) const OFF: Probe = Probe(OFF);

    /// Counts the call and, if it is sampled, reads the clock; `word` is the hot-path word
    /// ([`crate::switches`]) the thunk read.
    ///
    /// For a `fast` handler this is `OFF` after inlining (`desc` is an immutable static), and
    /// the thunk carries no instrumentation at all.
    #[inline(always)]
    pub(crate) fn start(desc: &'static SyscallDesc, word: u64) -> Probe {
        if desc.fast || !control::counts(word) {
            return Probe(OFF);
        }
        Probe::counting(desc, word)
    }

    /// [`Probe::start`] for a thunk that already knows `word` says "count" (and `desc` is not
    /// `fast`): the per-syscall switch, the count, the sampling decision.
    #[inline(always)]
    pub(crate) fn counting(desc: &'static SyscallDesc, word: u64) -> Probe {
        let stats = desc.stats;
        if stats.disabled.load(Relaxed) {
            return Probe(OFF);
        }
        let seq = stats.count_call();
        if control::times(word, seq) {
            // Counter values stay far below 2^63 (centuries at GHz rates).
            Probe(TIMED | clock::now())
        } else {
            Probe(COUNTED)
        }
    }

    /// Records the outcome: the kind of `error` if the call failed, the latency if timed.
    #[inline(always)]
    pub(crate) fn finish(self, stats: &SyscallStats, error: Option<Errno>) {
        if self.0 == OFF {
            return;
        }
        if let Some(errno) = error {
            stats.count_error(errno);
        }
        if self.0 & TIMED != 0 {
            finish_timed(stats, self.0 & !TIMED);
        }
    }
}

/// The sampled path, out of line so the common path stays small.
#[inline(never)]
fn finish_timed(stats: &SyscallStats, start: u64) {
    stats.record_latency((clock::now() & !TIMED).saturating_sub(start));
}
