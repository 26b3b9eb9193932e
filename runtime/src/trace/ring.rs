//! A fixed-capacity, lock-free ring of the newest trace records.
//!
//! The records are stored in the crate's sequence-locked ring (see `crate::ring`): a torn
//! copy is detected, never returned, and a writer never waits. A record whose slot already
//! holds a newer one is counted as lost; a slot still being written by an interrupted older
//! writer is passed over for the next position, so the record is kept rather than dropped.
//! Once writers are done, every record pushed and not held was lost: `kept + lost == pushed`,
//! exactly.

use super::record::{TraceRecord, WORDS};

/// The newest `N` records.
pub(super) struct Ring<const N: usize>(crate::ring::Ring<WORDS, N>);

impl<const N: usize> Ring<N> {
    pub(super) const fn new() -> Self {
        Ring(crate::ring::Ring::new())
    }

    /// Stores `record` (its `seq` is assigned here). Never blocks, never allocates.
    pub(super) fn push(&self, record: &TraceRecord) {
        self.0.push(&record.encode());
    }

    /// The records still held, oldest first (one whose writer was stuck mid-write may come
    /// out of order).
    pub(super) fn records(&self) -> impl Iterator<Item = TraceRecord> + '_ {
        self.0
            .entries()
            .map(|(seq, words)| TraceRecord::decode(seq, &words))
    }

    /// Records pushed since the last [`Ring::clear`].
    pub(super) fn pushed(&self) -> u64 {
        self.0.logged()
    }

    /// Records lost: overwritten by newer ones, or superseded by a newer record before they
    /// were written.
    pub(super) fn lost(&self) -> u64 {
        self.0.overwritten()
    }

    /// Empties the ring. Call it while nothing is traced: a concurrent writer may survive it.
    pub(super) fn clear(&self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use super::*;

    fn rec(nr: usize) -> TraceRecord {
        TraceRecord {
            table: &crate::table::NATIVE,
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
