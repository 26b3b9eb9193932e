//! A fixed-capacity, lock-free ring of `W`-word records that keeps the newest `N`, with exact
//! loss accounting. The error log and the trace store their records in it, each encoding a
//! record to `[u64; W]` and decoding it back.
//!
//! Each slot has a stamp: 0 while empty, `2t + 1` while the record at position `t` is being
//! written, `2t + 2` once it is complete. A writer takes position `t` from a counter and
//! claims slot `t % N` by a compare-and-swap from an older, complete stamp; readers copy a slot
//! between two reads of its stamp and keep the copy only if the stamp did not move (a sequence
//! lock per slot, with every word atomic so a torn copy is detected, never undefined). Nothing
//! allocates, blocks or spins on another writer:
//!
//! - replacing a complete record counts it as overwritten;
//! - a slot already claimed by a newer position means this record is older than what the slot
//!   holds: it counts as overwritten too;
//! - a slot still being written by an older position (its writer was interrupted or preempted
//!   mid-write, `N` positions ago) is left alone — waiting could deadlock against an interrupted
//!   writer on the same CPU — and the record takes the next free position instead, so it is
//!   kept rather than dropped.
//!
//! So once writers are done, `kept + overwritten == logged`, exactly. (A writer stuck
//! mid-write holds one slot until it resumes; with fewer stuck writers than slots, every
//! writer finds a slot. Positions skipped that way hold no record: sequence numbers may have
//! gaps, and a record whose writer was stuck may be read out of order.)

use core::hint::spin_loop;
use core::sync::atomic::{AtomicU64, Ordering, fence};

/// Reads of one slot a reader tries before skipping it as busy.
const READ_TRIES: u32 = 4;

struct Slot<const W: usize> {
    stamp: AtomicU64,
    words: [AtomicU64; W],
}

impl<const W: usize> Slot<W> {
    const fn empty() -> Self {
        Slot {
            stamp: AtomicU64::new(0),
            words: [const { AtomicU64::new(0) }; W],
        }
    }

    /// Stores the record at position `seq` in this slot, claimed at stamp `2 * seq + 1`.
    fn publish(&self, seq: u64, words: &[u64; W]) {
        fence(Ordering::Release);
        for (dst, &src) in self.words.iter().zip(words) {
            dst.store(src, Ordering::Relaxed);
        }
        self.stamp.store(2 * seq + 2, Ordering::Release);
    }

    /// The position and words of the complete record held, or `None` if the slot is empty or
    /// kept changing under the reader.
    fn read(&self) -> Option<(u64, [u64; W])> {
        for _ in 0..READ_TRIES {
            let before = self.stamp.load(Ordering::Acquire);
            if before == 0 {
                return None;
            }
            if before & 1 == 0 {
                let words = self.words.each_ref().map(|w| w.load(Ordering::Relaxed));
                fence(Ordering::Acquire);
                if self.stamp.load(Ordering::Relaxed) == before {
                    return Some((before / 2 - 1, words));
                }
            }
            spin_loop();
        }
        None
    }
}

/// Where a writer's record goes.
enum Claim<'a, const W: usize> {
    /// Slot claimed for position `seq`; `replaced` when it held a complete record.
    Slot {
        seq: u64,
        slot: &'a Slot<W>,
        replaced: bool,
    },
    /// Position `seq` was overtaken: its slot already belongs to a newer position.
    Superseded(u64),
}

/// The newest `N` records of `W` words, with exact loss accounting.
pub(crate) struct Ring<const W: usize, const N: usize> {
    positions: AtomicU64,
    logged: AtomicU64,
    overwritten: AtomicU64,
    slots: [Slot<W>; N],
}

impl<const W: usize, const N: usize> Ring<W, N> {
    /// An empty ring.
    pub(crate) const fn new() -> Self {
        assert!(N > 0, "a ring needs at least one slot");
        Ring {
            positions: AtomicU64::new(0),
            logged: AtomicU64::new(0),
            overwritten: AtomicU64::new(0),
            slots: [const { Slot::empty() }; N],
        }
    }

    /// Stores `words` and returns the position they were given. Never blocks, never allocates.
    pub(crate) fn push(&self, words: &[u64; W]) -> u64 {
        self.logged.fetch_add(1, Ordering::Relaxed);
        match self.claim() {
            Claim::Slot {
                seq,
                slot,
                replaced,
            } => {
                slot.publish(seq, words);
                if replaced {
                    self.overwritten.fetch_add(1, Ordering::Relaxed);
                }
                seq
            }
            Claim::Superseded(seq) => {
                self.overwritten.fetch_add(1, Ordering::Relaxed);
                seq
            }
        }
    }

    /// Takes a position and claims its slot, moving past slots held by stuck writers.
    fn claim(&self) -> Claim<'_, W> {
        'position: loop {
            let seq = self.positions.fetch_add(1, Ordering::Relaxed);
            let writing = 2 * seq + 1;
            let slot = &self.slots[(seq % N as u64) as usize];
            loop {
                let current = slot.stamp.load(Ordering::Relaxed);
                if current > writing {
                    return Claim::Superseded(seq);
                }
                if current & 1 == 1 {
                    continue 'position;
                }
                if slot
                    .stamp
                    .compare_exchange_weak(current, writing, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return Claim::Slot {
                        seq,
                        slot,
                        replaced: current != 0,
                    };
                }
            }
        }
    }

    /// Records pushed since the ring was made or last cleared.
    pub(crate) fn logged(&self) -> u64 {
        self.logged.load(Ordering::Relaxed)
    }

    /// Records replaced by newer ones (or superseded before they were written).
    pub(crate) fn overwritten(&self) -> u64 {
        self.overwritten.load(Ordering::Relaxed)
    }

    /// The position and words of every record held, oldest first (a record whose writer was
    /// stuck mid-write may come out of order). Records being written are skipped.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (u64, [u64; W])> + '_ {
        let start = (self.positions.load(Ordering::Acquire) % N as u64) as usize;
        (0..N).filter_map(move |i| self.slots[(start + i) % N].read())
    }

    /// The words of the record at position `seq`, if it is still held.
    pub(crate) fn get(&self, seq: u64) -> Option<[u64; W]> {
        self.slots[(seq % N as u64) as usize]
            .read()
            .and_then(|(held, words)| (held == seq).then_some(words))
    }

    /// Empties the ring and its counts. Call it while nothing is pushed: a concurrent writer
    /// may survive it.
    pub(crate) fn clear(&self) {
        for s in &self.slots {
            s.stamp.store(0, Ordering::Relaxed);
        }
        self.logged.store(0, Ordering::Relaxed);
        self.overwritten.store(0, Ordering::Relaxed);
        self.positions.store(0, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use super::*;

    #[test]
    fn a_stuck_writer_is_passed_over_and_its_record_still_counts() {
        let ring = Ring::<1, 4>::new();
        for v in 0..4 {
            ring.push(&[v]);
        }
        // A writer takes position 4 (slot 0) and is interrupted before it publishes.
        ring.logged.fetch_add(1, Ordering::Relaxed);
        let Claim::Slot {
            seq: 4,
            slot: stuck,
            replaced: true,
        } = ring.claim()
        else {
            panic!("position 4 claims slot 0")
        };
        // Slot 0 is skipped by readers while it is written, and by the writer of position 8,
        // which takes position 9 (slot 1) instead of waiting or dropping its record.
        assert_eq!(ring.entries().count(), 3);
        assert_eq!(
            (5..9).map(|v| ring.push(&[v])).collect::<Vec<_>>(),
            [5, 6, 7, 9]
        );
        stuck.publish(4, &[4]);
        ring.overwritten.fetch_add(1, Ordering::Relaxed);

        let held: Vec<_> = ring.entries().collect();
        assert_eq!(held, [(6, [6]), (7, [7]), (4, [4]), (9, [8])]);
        assert_eq!((ring.logged(), ring.overwritten()), (9, 5));
        assert_eq!(held.len() as u64 + ring.overwritten(), ring.logged());
        assert_eq!(
            (ring.get(4), ring.get(8), ring.get(9)),
            (Some([4]), None, Some([8]))
        );
    }

    #[test]
    fn a_torn_copy_is_never_returned() {
        let ring = Ring::<2, 8>::new();
        std::thread::scope(|s| {
            s.spawn(|| {
                for v in 0..100_000u64 {
                    ring.push(&[v, !v]);
                }
            });
            for _ in 0..1000 {
                assert!(ring.entries().all(|(_, [a, b])| b == !a));
            }
        });
        assert_eq!(ring.entries().count() as u64 + ring.overwritten(), 100_000);
    }
}
