//! Statistics for numbers the monitor records that have no `#[syscall]` handler: a fixed-size
//! table, claimed slot by slot with a compare-and-swap, never locked, never allocated.

use core::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};

use super::SyscallStats;

/// How many distinct handler-less numbers the monitor can track.
pub const SIDE_SLOTS: usize = 32;

/// Slot keys are `nr + 1`; zero marks a free slot (so the table lives in `.bss`).
static KEYS: [AtomicUsize; SIDE_SLOTS] = [const { AtomicUsize::new(0) }; SIDE_SLOTS];
static STATS: [SyscallStats; SIDE_SLOTS] = [const { SyscallStats::new() }; SIDE_SLOTS];
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// The slot for `nr`, claiming a free one on first use; `None` (and counted) when full.
pub(super) fn slot(nr: usize) -> Option<&'static SyscallStats> {
    let key = nr.wrapping_add(1);
    for (i, k) in KEYS.iter().enumerate() {
        let current = k.load(Relaxed);
        if current == key {
            return Some(&STATS[i]);
        }
        if current == 0 {
            match k.compare_exchange(0, key, Relaxed, Relaxed) {
                Ok(_) => return Some(&STATS[i]),
                Err(other) if other == key => return Some(&STATS[i]),
                Err(_) => {}
            }
        }
    }
    DROPPED.fetch_add(1, Relaxed);
    None
}

/// The numbers in use and their statistics, in claim order.
pub(super) fn entries() -> impl Iterator<Item = (usize, &'static SyscallStats)> {
    KEYS.iter()
        .zip(&STATS)
        .filter_map(|(k, s)| k.load(Relaxed).checked_sub(1).map(|nr| (nr, s)))
}

/// Records the monitor could not keep because every slot was taken.
pub(super) fn dropped() -> u64 {
    DROPPED.load(Relaxed)
}
