//! Lock-free error counters: per errno, per syscall, per recovery strategy.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::recovery::{Outcome, Strategy, StrategyStats};
use crate::table::{self, MAX_TABLES, SyscallTable};
use crate::{Errno, MAX_SYSCALLS};

/// Errnos counted one by one (`1..ERRNO_SLOTS`); larger ones share slot 0.
const ERRNO_SLOTS: usize = 134;

/// The counters behind [`SyscallErrorHandler`](super::SyscallErrorHandler).
pub struct ErrorStats {
    by_errno: [AtomicU64; ERRNO_SLOTS],
    /// Per table slot ([`table::slot`]), per number.
    failed: [[AtomicU64; MAX_SYSCALLS]; MAX_TABLES],
    recovered: [[AtomicU64; MAX_SYSCALLS]; MAX_TABLES],
    strategies: [StrategyStats; Strategy::ALL.len()],
}

impl ErrorStats {
    /// Zeroed counters.
    pub const fn new() -> Self {
        ErrorStats {
            by_errno: [const { AtomicU64::new(0) }; ERRNO_SLOTS],
            failed: [const { [const { AtomicU64::new(0) }; MAX_SYSCALLS] }; MAX_TABLES],
            recovered: [const { [const { AtomicU64::new(0) }; MAX_SYSCALLS] }; MAX_TABLES],
            strategies: [const { StrategyStats::new() }; Strategy::ALL.len()],
        }
    }

    /// Counts one failure with `errno`, recovered or not, of syscall `nr` (if any) of the
    /// table in `slot` ([`table::slot`]; per syscall only if it has one).
    pub(super) fn record(
        &self,
        slot: Option<usize>,
        nr: Option<usize>,
        errno: Errno,
        recovered: bool,
    ) {
        self.by_errno[errno_slot(errno)].fetch_add(1, Relaxed);
        let counters = slot.zip(nr).and_then(|(slot, nr)| {
            Some((self.failed.get(slot)?.get(nr)?, &self.recovered[slot][nr]))
        });
        if let Some((failed, recovered_count)) = counters {
            failed.fetch_add(1, Relaxed);
            if recovered {
                recovered_count.fetch_add(1, Relaxed);
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

    /// Calls of the native table's syscall `nr` whose first attempt failed.
    pub fn failed(&self, nr: usize) -> u64 {
        self.failed_in(&table::NATIVE, nr)
    }

    /// Failed calls of the native table's syscall `nr` that recovery turned into a success.
    pub fn recovered(&self, nr: usize) -> u64 {
        self.recovered_in(&table::NATIVE, nr)
    }

    /// Calls of syscall `nr` of `table` whose first attempt failed.
    pub fn failed_in(&self, table: &SyscallTable, nr: usize) -> u64 {
        count(&self.failed, table, nr)
    }

    /// Failed calls of syscall `nr` of `table` that recovery turned into a success.
    pub fn recovered_in(&self, table: &SyscallTable, nr: usize) -> u64 {
        count(&self.recovered, table, nr)
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

/// The counter of `table`'s syscall `nr` in `counters`, 0 where there is none.
fn count(
    counters: &[[AtomicU64; MAX_SYSCALLS]; MAX_TABLES],
    table: &SyscallTable,
    nr: usize,
) -> u64 {
    table::slot(table)
        .and_then(|slot| counters[slot].get(nr))
        .map_or(0, |c| c.load(Relaxed))
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
            stats.record(Some(0), Some(5), Errno::EAGAIN, true);
        }
        stats.record(Some(0), Some(5), Errno::ENOMEM, false);
        stats.record(Some(0), None, Errno::EPERM, false);
        stats.record(None, Some(5), Errno::EPERM, false);
        stats.record(Some(MAX_TABLES), Some(5), Errno::EPERM, false);
        stats.record(
            Some(0),
            Some(MAX_SYSCALLS),
            Errno::new(4000).unwrap(),
            false,
        );
        assert_eq!((stats.failed(5), stats.recovered(5)), (4, 3));
        assert_eq!(stats.errno_count(Errno::new(4000).unwrap()), 1);
        let mut top = std::vec::Vec::new();
        stats.top_errnos(5, |e, c| top.push((e, c)));
        assert_eq!(
            top,
            [(Errno::EPERM, 3), (Errno::EAGAIN, 3), (Errno::ENOMEM, 1)]
        );
    }
}
