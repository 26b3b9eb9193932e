//! A fixed-capacity, lock-free ring of the newest trace records.
//!
//! Each slot has a stamp: 0 while empty, `2t + 1` while the record at position `t` is being
//! written, `2t + 2` once it is complete (a sequence lock per slot, every word atomic, so a torn
//! copy is detected, never undefined). A writer takes position `t` from a counter and claims
//! slot `t % N` from an older, complete stamp. It never waits: if the slot is being written by
//! an older writer, or already holds a newer record, the record is dropped. Once writers are
//! done, every position not held in the ring was lost: `kept + lost == pushed`, exactly.

use core::sync::atomic::{AtomicU64, Ordering, fence};

use super::record::{TraceRecord, WORDS};

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
}

/// The newest `N` records.
pub(super) struct Ring<const N: usize> {
    next: AtomicU64,
    slots: [Slot; N],
}

impl<const N: usize> Ring<N> {
    pub(super) const fn new() -> Self {
        Ring {
            next: AtomicU64::new(0),
            slots: [const { Slot::empty() }; N],
        }
    }

    /// Stores `record` (its `seq` is assigned here). Never blocks, never allocates.
    pub(super) fn push(&self, record: &TraceRecord) {
        let t = self.next.fetch_add(1, Ordering::Relaxed);
        let slot = &self.slots[(t % N as u64) as usize];
        let writing = 2 * t + 1;
        let mut seen = slot.stamp.load(Ordering::Relaxed);
        loop {
            if seen & 1 == 1 || seen >= writing {
                return;
            }
            match slot.stamp.compare_exchange_weak(
                seen,
                writing,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => seen = now,
            }
        }
        fence(Ordering::Release);
        for (w, v) in slot.words.iter().zip(record.encode()) {
            w.store(v, Ordering::Relaxed);
        }
        slot.stamp.store(writing + 1, Ordering::Release);
    }

    /// The record at position `t`, if its slot still holds it complete.
    fn read(&self, t: u64) -> Option<TraceRecord> {
        let slot = &self.slots[(t % N as u64) as usize];
        let complete = 2 * t + 2;
        if slot.stamp.load(Ordering::Acquire) != complete {
            return None;
        }
        let words = slot.words.each_ref().map(|w| w.load(Ordering::Relaxed));
        fence(Ordering::Acquire);
        (slot.stamp.load(Ordering::Relaxed) == complete).then(|| TraceRecord::decode(t, &words))
    }

    /// The records still held, oldest first.
    pub(super) fn records(&self) -> impl Iterator<Item = TraceRecord> + '_ {
        let end = self.next.load(Ordering::Acquire);
        (end.saturating_sub(N as u64)..end).filter_map(move |t| self.read(t))
    }

    /// Records pushed since the last [`Ring::clear`].
    pub(super) fn pushed(&self) -> u64 {
        self.next.load(Ordering::Relaxed)
    }

    /// Records lost: overwritten by newer ones, or dropped because their slot was busy.
    pub(super) fn lost(&self) -> u64 {
        self.pushed() - self.records().count() as u64
    }

    /// Empties the ring. Call it while nothing is traced: a concurrent writer may survive it.
    pub(super) fn clear(&self) {
        for s in &self.slots {
            s.stamp.store(0, Ordering::Relaxed);
        }
        self.next.store(0, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use super::*;

    fn rec(nr: usize) -> TraceRecord {
        TraceRecord {
            seq: 0,
            nr,
            args: [nr; 6],
            ret: -(nr as isize),
            timestamp: nr as u64 * 10,
        }
    }

    #[test]
    fn keeps_the_newest_and_counts_the_rest() {
        let ring = Ring::<4>::new();
        for nr in 0..6 {
            ring.push(&rec(nr));
        }
        let kept: Vec<_> = ring.records().map(|r| (r.seq, r.nr)).collect();
        assert_eq!(kept, [(2, 2), (3, 3), (4, 4), (5, 5)]);
        assert_eq!(
            ring.records().last(),
            Some(TraceRecord { seq: 5, ..rec(5) })
        );
        assert_eq!((ring.pushed(), ring.lost()), (6, 2));
        ring.clear();
        assert_eq!(ring.records().count(), 0);
        ring.push(&rec(9));
        assert_eq!(ring.records().map(|r| r.seq).next(), Some(0));
    }

    #[test]
    fn concurrent_writers_lose_nothing_they_do_not_count() {
        let ring = Ring::<64>::new();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| (0..1000).for_each(|nr| ring.push(&rec(nr))));
            }
        });
        let kept = ring.records().count() as u64;
        assert_eq!(kept + ring.lost(), 4000);
        assert!(
            ring.records()
                .all(|r| r.args == [r.nr; 6] && r.ret == -(r.nr as isize))
        );
    }
}
