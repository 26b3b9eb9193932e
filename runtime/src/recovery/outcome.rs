//! What a recovery attempt came to, and the counters per strategy.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::Errno;

/// How a failed call ended after its recovery strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Outcome {
    /// The strategy does not cover this error (or there is none): returned as is.
    NotAttempted,
    /// The strategy ran and the call succeeded.
    Recovered,
    /// The strategy ran and the call still failed.
    GaveUp,
    /// `escalate`: the kernel's capability check denied the caller.
    Refused,
    /// `terminate`: the kernel was asked to terminate the caller.
    Terminated,
}

impl Outcome {
    /// Every outcome, in tag order.
    pub const ALL: [Outcome; 5] = [
        Outcome::NotAttempted,
        Outcome::Recovered,
        Outcome::GaveUp,
        Outcome::Refused,
        Outcome::Terminated,
    ];

    /// A short lowercase name (`"recovered"`).
    pub const fn name(self) -> &'static str {
        match self {
            Outcome::NotAttempted => "not_attempted",
            Outcome::Recovered => "recovered",
            Outcome::GaveUp => "gave_up",
            Outcome::Refused => "refused",
            Outcome::Terminated => "terminated",
        }
    }

    /// The outcome with tag `tag` (`self as u8`), if any.
    pub const fn from_tag(tag: u8) -> Option<Outcome> {
        if (tag as usize) < Self::ALL.len() {
            Some(Self::ALL[tag as usize])
        } else {
            None
        }
    }
}

/// The result of running a strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The final result returned to the caller.
    pub result: Result<usize, Errno>,
    /// How it ended.
    pub outcome: Outcome,
    /// Calls made after the first (retries, the fallback call, the escalated call).
    pub retries: u8,
}

impl Attempt {
    pub(super) const fn not_attempted(errno: Errno) -> Attempt {
        Attempt {
            result: Err(errno),
            outcome: Outcome::NotAttempted,
            retries: 0,
        }
    }

    pub(super) const fn gave_up(errno: Errno, retries: u8) -> Attempt {
        Attempt {
            result: Err(errno),
            outcome: Outcome::GaveUp,
            retries,
        }
    }

    pub(super) const fn from_result(result: Result<usize, Errno>, retries: u8) -> Attempt {
        Attempt {
            result,
            outcome: if result.is_ok() {
                Outcome::Recovered
            } else {
                Outcome::GaveUp
            },
            retries,
        }
    }
}

/// Lock-free outcome counters of one strategy.
#[derive(Debug)]
pub struct StrategyStats {
    by_outcome: [AtomicU64; Outcome::ALL.len()],
}

impl StrategyStats {
    /// Zeroed counters.
    pub const fn new() -> Self {
        StrategyStats {
            by_outcome: [const { AtomicU64::new(0) }; Outcome::ALL.len()],
        }
    }

    /// Counts one attempt that ended with `outcome`.
    pub fn record(&self, outcome: Outcome) {
        self.by_outcome[outcome as usize].fetch_add(1, Relaxed);
    }

    /// Attempts that ended with `outcome`.
    pub fn count(&self, outcome: Outcome) -> u64 {
        self.by_outcome[outcome as usize].load(Relaxed)
    }

    /// Times the strategy ran (every outcome but `NotAttempted`).
    pub fn attempted(&self) -> u64 {
        self.recovered() + self.gave_up()
    }

    /// Times the call succeeded after the strategy ran.
    pub fn recovered(&self) -> u64 {
        self.count(Outcome::Recovered)
    }

    /// Times the strategy ran and the call still failed (refused and terminated included).
    pub fn gave_up(&self) -> u64 {
        self.count(Outcome::GaveUp) + self.count(Outcome::Refused) + self.count(Outcome::Terminated)
    }

    /// Failures the strategy did not cover.
    pub fn not_attempted(&self) -> u64 {
        self.count(Outcome::NotAttempted)
    }
}

impl Default for StrategyStats {
    fn default() -> Self {
        Self::new()
    }
}
