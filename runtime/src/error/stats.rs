//! Lock-free error counters: per errno, per syscall, per recovery strategy.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::recovery::{Outcome, Strategy, StrategyStats};
use crate::{Errno, MAX_SYSCALLS};

/// Errnos counted one by one (`1..ERRNO_SLOTS`); larger ones share slot 0.
const ERRNO_SLOTS: usize = 134;

/// The counters behind [`SyscallErrorHandler`](super::SyscallErrorHandler).
pub struct ErrorStats {
    by_errno: [AtomicU64; ERRNO_SLOTS],
    failed: [AtomicU64; MAX_SYSCALLS],
    recovered: [AtomicU64; MAX_SYSCALLS],
    strategies: [StrategyStats; Strategy::ALL.len()],
}

impl ErrorStats {
    /// Zeroed counters.
    pub const fn new() -> Self {
        ErrorStats {
            by_errno: [const { AtomicU64::new(0) }; ERRNO_SLOTS],
            failed: [const { AtomicU64::new(0) }; MAX_SYSCALLS],
            recovered: [const { AtomicU64::new(0) }; MAX_SYSCALLS],
            strategies: [const { StrategyStats::new() }; Strategy::ALL.len()],
        }
    }

    /// Counts one failure of syscall `nr` (if any) with `errno`, recovered or not.
    pub(super) fn record(&self, nr: Option<usize>, errno: Errno, recovered: bool) {
        self.by_errno[errno_slot(errno)].fetch_add(1, Relaxed);
        if let Some(nr) = nr.filter(|&nr| nr < MAX_SYSCALLS) {
            self.failed[nr].fetch_add(1, Relaxed);
            if recovered {
                self.recovered[nr].fetch_add(1, Relaxed);
            }
        }
    }

    /// Counts one run of `strategy` that ended with `outcome`.
    pub(super) fn record_strategy(&self, strategy: Strategy, outcome: Outcome) {
        self.strategies[strategy as usize].record(outcome);
    }

    /// Failures with `errno` (errnos above 133 share one count).
    pub fn errno_count(&self, errno: Errno) -> u64 {
        self.by_errno[errno_slot(errno)].load(Relaxed)
    }

    /// Calls of syscall `nr` whose first attempt failed.
    pub fn failed(&self, nr: usize) -> u64 {
        self.failed.get(nr).map_or(0, |c| c.load(Relaxed))
    }

    /// Failed calls of syscall `nr` that recovery turned into a success.
    pub fn recovered(&self, nr: usize) -> u64 {
        self.recovered.get(nr).map_or(0, |c| c.load(Relaxed))
    }

    /// The outcome counters of `strategy`.
    pub fn strategy(&self, strategy: Strategy) -> &StrategyStats {
        &self.strategies[strategy as usize]
    }

    /// The errnos with failures, most frequent first, at most `n` of them.
    pub fn top_errnos(&self, n: usize, mut f: impl FnMut(Errno, u64)) {
        let mut above = u64::MAX;
        let mut above_code = 0;
        for _ in 0..n {
            // The next (count, code) pair below the previous one in (count desc, code asc) order.
            let next = (1..ERRNO_SLOTS)
                .map(|code| (self.by_errno[code].load(Relaxed), code))
                .filter(|&(count, code)| {
                    count > 0 && (count < above || (count == above && code > above_code))
                })
                .min_by_key(|&(count, code)| (u64::MAX - count, code));
            let Some((count, code)) = next else { return };
            if let Some(errno) = Errno::new(code as u16) {
                f(errno, count);
            }
            (above, above_code) = (count, code);
        }
    }
}

impl Default for ErrorStats {
    fn default() -> Self {
        Self::new()
    }
}

fn errno_slot(errno: Errno) -> usize {
    let code = usize::from(errno.code());
    if code < ERRNO_SLOTS { code } else { 0 }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn counts_and_ranks() {
        let stats = ErrorStats::new();
        for _ in 0..3 {
            stats.record(Some(5), Errno::EAGAIN, true);
        }
        stats.record(Some(5), Errno::ENOMEM, false);
        stats.record(None, Errno::EPERM, false);
        stats.record(Some(MAX_SYSCALLS), Errno::new(4000).unwrap(), false);
        assert_eq!((stats.failed(5), stats.recovered(5)), (4, 3));
        assert_eq!(stats.errno_count(Errno::new(4000).unwrap()), 1);
        let mut top = std::vec::Vec::new();
        stats.top_errnos(5, |e, c| top.push((e, c)));
        assert_eq!(
            top,
            [(Errno::EAGAIN, 3), (Errno::EPERM, 1), (Errno::ENOMEM, 1)]
        );
    }
}
