//! CPU ids for host threads: each thread stands for a CPU. An id is claimed on the thread's
//! first syscall and returned when the thread exits, so ids stay small (the first ones have
//! private call-counter shards) and two live threads never share one (nor an escalation flag).

extern crate std;

use core::cell::Cell;
use core::sync::atomic::{AtomicU64, Ordering};

/// How many threads can hold an id at once; the others get [`SHARED`], and with it the shared
/// call-counter shard and one escalation flag between them.
const IDS: usize = 64;
/// Not yet claimed.
const UNCLAIMED: usize = usize::MAX - 1;
/// No id left: the shared call-counter shard.
const SHARED: usize = usize::MAX;

/// Bit `i` set: id `i` is owned by a live thread.
static CLAIMED: AtomicU64 = AtomicU64::new(0);

std::thread_local! {
    static ID: Cell<usize> = const { Cell::new(UNCLAIMED) };
    static RELEASE: Release = const { Release };
}

/// Returns the thread's id to the pool when the thread exits.
struct Release;

impl Drop for Release {
    fn drop(&mut self) {
        let id = ID.with(|c| c.replace(SHARED));
        if id < IDS {
            // Release: the next owner sees this thread's last store to its shard.
            CLAIMED.fetch_and(!(1 << id), Ordering::Release);
        }
    }
}

/// The calling thread's CPU id.
#[inline(always)]
pub(super) fn id() -> usize {
    let id = ID.with(Cell::get);
    if id != UNCLAIMED { id } else { claim() }
}

#[cold]
#[inline(never)]
fn claim() -> usize {
    let mut claimed = CLAIMED.load(Ordering::Relaxed);
    let id = loop {
        let free = (!claimed).trailing_zeros() as usize;
        if free >= IDS {
            break SHARED;
        }
        match CLAIMED.compare_exchange_weak(
            claimed,
            claimed | (1 << free),
            Ordering::Acquire,
            Ordering::Relaxed,
        ) {
            Ok(_) => break free,
            Err(now) => claimed = now,
        }
    };
    // During thread exit the release guard may be gone already: keep the shared id.
    if RELEASE.try_with(|_| ()).is_err() {
        if id != SHARED {
            CLAIMED.fetch_and(!(1 << id), Ordering::Release);
        }
        ID.with(|c| c.set(SHARED));
        return SHARED;
    }
    ID.with(|c| c.set(id));
    id
}
