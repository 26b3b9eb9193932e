//! A fixed-capacity, lock-free log of error contexts that keeps the newest entries.
//!
//! The contexts are stored in the crate's sequence-locked ring (see `crate::ring`): every
//! slot is guarded by a stamp, so a torn copy is detected and skipped, never returned; a
//! writer never waits on another, and one interrupted mid-write holds its slot while later
//! writers move on to the next. Nothing allocates, blocks or spins on another writer:
//!
//! - replacing a complete entry counts it as overwritten;
//! - a slot already claimed by a newer position means this entry is older than what the slot
//!   holds: it counts as overwritten too;
//! - a slot still being written by an older position (its writer was interrupted or preempted
//!   mid-write, `N` positions ago) is left alone — waiting could deadlock against an interrupted
//!   writer on the same CPU — and the entry takes the next free position instead.
//!
//! So once writers are done, `kept + overwritten == logged`, exactly. (A writer stuck
//! mid-write holds one slot until it resumes; with fewer stuck writers than slots, every
//! writer finds a slot.)

use super::context::{ErrorContext, WORDS};
use crate::ring::Ring;

/// A lock-free ring of the newest `N` error contexts, with exact loss accounting.
pub struct RingLog<const N: usize> {
    ring: Ring<WORDS, N>,
}

impl<const N: usize> RingLog<N> {
    /// An empty log.
    pub const fn new() -> Self {
        RingLog { ring: Ring::new() }
    }

    /// Logs `ctx` (its `seq` is ignored) and returns the position it was given, its `seq`.
    pub fn log(&self, ctx: &ErrorContext) -> u64 {
        self.ring.push(&ctx.encode())
    }

    /// The number of slots.
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Entries logged so far.
    pub fn logged(&self) -> u64 {
        self.ring.logged()
    }

    /// Entries replaced by newer ones (or superseded before they were written).
    pub fn overwritten(&self) -> u64 {
        self.ring.overwritten()
    }

    /// Entries held now.
    pub fn kept(&self) -> usize {
        let mut kept = 0;
        self.for_each(|_| kept += 1);
        kept
    }

    /// Calls `f` with every entry held, oldest first (an entry whose writer was stuck
    /// mid-write may come out of order). Entries being written are skipped.
    pub fn for_each(&self, mut f: impl FnMut(&ErrorContext)) {
        for (seq, words) in self.ring.entries() {
            if let Some(ctx) = decode(&words, seq) {
                f(&ctx);
            }
        }
    }

    /// Calls `f` with the newest `n` entries held, oldest first.
    pub fn for_each_recent(&self, n: usize, mut f: impl FnMut(&ErrorContext)) {
        let skip = self.kept().saturating_sub(n);
        let mut i = 0;
        self.for_each(|ctx| {
            if i >= skip {
                f(ctx);
            }
            i += 1;
        });
    }

    /// The entry with sequence number `seq`, if it is still held.
    pub fn get(&self, seq: u64) -> Option<ErrorContext> {
        self.ring.get(seq).and_then(|words| decode(&words, seq))
    }
}

/// Decodes words the ring handed out.
fn decode(words: &[u64; WORDS], seq: u64) -> Option<ErrorContext> {
    // SAFETY: the ring returns only a copy taken while its slot's stamp was complete and
    // unchanged, so the words are exactly those one writer stored from `encode`.
    unsafe { ErrorContext::decode(words, seq) }
}

impl<const N: usize> Default for RingLog<N> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::Errno;

    fn ctx(pid: u32) -> ErrorContext {
        ErrorContext::new(pid, Errno::EAGAIN, u64::from(pid))
    }

    #[test]
    fn keeps_the_newest_and_counts_the_rest() {
        let log = RingLog::<4>::new();
        for pid in 0..10 {
            assert_eq!(log.log(&ctx(pid)), u64::from(pid));
        }
        let mut pids = std::vec::Vec::new();
        log.for_each(|c| pids.push(c.pid));
        assert_eq!(pids, [6, 7, 8, 9]);
        assert_eq!((log.logged(), log.overwritten()), (10, 6));
        assert_eq!(log.get(8).map(|c| c.pid), Some(8));
        assert_eq!(log.get(2), None);
        let mut recent = std::vec::Vec::new();
        log.for_each_recent(2, |c| recent.push(c.seq));
        assert_eq!(recent, [8, 9]);
    }

    #[test]
    fn two_writers_lose_nothing_silently() {
        const PER_THREAD: u32 = 200_000;
        let log = RingLog::<64>::new();
        std::thread::scope(|s| {
            for t in 0..2u32 {
                let log = &log;
                s.spawn(move || {
                    for i in 0..PER_THREAD {
                        log.log(&ctx(t << 24 | i));
                    }
                });
            }
            s.spawn(|| {
                for _ in 0..1000 {
                    log.for_each(|c| assert_eq!(c.errno, Errno::EAGAIN));
                }
            });
        });
        let kept = log.kept() as u64;
        assert_eq!(kept, 64);
        assert_eq!(log.logged(), 2 * u64::from(PER_THREAD));
        assert_eq!(kept + log.overwritten(), log.logged());
        // Each thread's entries are kept in the order it logged them.
        let mut last = [None::<u32>; 2];
        log.for_each(|c| {
            let (t, i) = ((c.pid >> 24) as usize, c.pid & 0xff_ffff);
            assert!(last[t] < Some(i));
            last[t] = Some(i);
        });
    }
}
