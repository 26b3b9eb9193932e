//! A fixed-capacity, lock-free log of error contexts that keeps the newest entries.
//!
//! Each slot has a stamp: 0 while empty, `2t + 1` while the entry at position `t` is being
//! written, `2t + 2` once it is complete. A writer takes position `t` from a counter and
//! claims slot `t % N` by a compare-and-swap from an older, complete stamp; readers copy a slot
//! between two reads of its stamp and keep the copy only if the stamp did not move (a sequence
//! lock per slot, with every word atomic so a torn copy is detected, never undefined). Nothing
//! allocates, blocks or spins on another writer:
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

use core::hint::spin_loop;
use core::sync::atomic::{AtomicU64, Ordering, fence};

use super::context::{ErrorContext, WORDS};

/// Reads of one slot a reader tries before skipping it as busy.
const READ_TRIES: u32 = 4;

struct Slot {
    stamp: AtomicU64,
    words: [AtomicU64; WORDS],
}

impl Slot {
    const fn empty() -> Slot {
        Slot {
            stamp: AtomicU64::new(0),
            words: [const { AtomicU64::new(0) }; WORDS],
        }
    }

    fn read(&self) -> Option<ErrorContext> {
        for _ in 0..READ_TRIES {
            let before = self.stamp.load(Ordering::Acquire);
            if before == 0 {
                return None;
            }
            if before & 1 == 0 {
                let words = self.words.each_ref().map(|w| w.load(Ordering::Relaxed));
                fence(Ordering::Acquire);
                if self.stamp.load(Ordering::Relaxed) == before {
                    // SAFETY: the stamp was complete and unchanged around the copy, so the
                    // words are exactly those one writer stored from `encode`.
                    return unsafe { ErrorContext::decode(&words, before / 2 - 1) };
                }
            }
            spin_loop();
        }
        None
    }
}

/// A lock-free ring of the newest `N` error contexts, with exact loss accounting.
pub struct RingLog<const N: usize> {
    positions: AtomicU64,
    logged: AtomicU64,
    overwritten: AtomicU64,
    slots: [Slot; N],
}

impl<const N: usize> RingLog<N> {
    /// An empty log.
    pub const fn new() -> Self {
        assert!(N > 0, "a ring log needs at least one slot");
        RingLog {
            positions: AtomicU64::new(0),
            logged: AtomicU64::new(0),
            overwritten: AtomicU64::new(0),
            slots: [const { Slot::empty() }; N],
        }
    }

    /// Logs `ctx` (its `seq` is ignored) and returns the position it was given, its `seq`.
    pub fn log(&self, ctx: &ErrorContext) -> u64 {
        self.logged.fetch_add(1, Ordering::Relaxed);
        'position: loop {
            let seq = self.positions.fetch_add(1, Ordering::Relaxed);
            let writing = 2 * seq + 1;
            let slot = &self.slots[(seq % N as u64) as usize];
            loop {
                let current = slot.stamp.load(Ordering::Relaxed);
                if current > writing {
                    self.overwritten.fetch_add(1, Ordering::Relaxed);
                    return seq;
                }
                if current & 1 == 1 {
                    continue 'position;
                }
                if slot
                    .stamp
                    .compare_exchange_weak(current, writing, Ordering::Acquire, Ordering::Relaxed)
                    .is_err()
                {
                    continue;
                }
                fence(Ordering::Release);
                for (dst, src) in slot.words.iter().zip(ctx.encode()) {
                    dst.store(src, Ordering::Relaxed);
                }
                slot.stamp.store(writing + 1, Ordering::Release);
                if current != 0 {
                    self.overwritten.fetch_add(1, Ordering::Relaxed);
                }
                return seq;
            }
        }
    }

    /// The number of slots.
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Entries logged so far.
    pub fn logged(&self) -> u64 {
        self.logged.load(Ordering::Relaxed)
    }

    /// Entries replaced by newer ones (or superseded before they were written).
    pub fn overwritten(&self) -> u64 {
        self.overwritten.load(Ordering::Relaxed)
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
        let start = (self.positions.load(Ordering::Relaxed) % N as u64) as usize;
        for i in 0..N {
            if let Some(ctx) = self.slots[(start + i) % N].read() {
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
        self.slots[(seq % N as u64) as usize]
            .read()
            .filter(|ctx| ctx.seq == seq)
    }
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
