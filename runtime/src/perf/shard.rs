//! Which call-counter shard the current syscall updates.
//!
//! Each [`SyscallStats`](super::SyscallStats) keeps its call count in [`SHARDS`] cache-line
//! pairs. Shard 0 is shared and updated with an atomic add; shard `1 + id` belongs to the
//! context `id` returned by the installed id source and is updated with a plain load and store
//! (no `lock` prefix). Readers sum the shards.
//!
//! # The contract of an id source
//! An id in `0..SHARDS - 1` must be owned by one context at a time, and a context must not
//! start a second instrumented call while one of its own is between reading and writing its
//! shard (a kernel guarantees this when syscalls on one CPU do not nest inside the counting
//! step, for example because an interrupt handler never dispatches a syscall and the thread is
//! not migrated mid-call). Any other id (`usize::MAX` by convention) selects the shared shard.
//!
//! Without an installed source, hosted builds give each thread a private id while ids last and
//! the shared shard afterwards: with `std`, and in any instrumented build for a target with an
//! OS (its standard library's thread-locals are there, so a default build on the host, `std`
//! or not, counts without a locked add). Bare-metal builds use the shared shard.

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Call-counter shards per syscall: one shared, the others private to one context each.
pub const SHARDS: usize = 8;

/// The installed id source as a `fn() -> usize`, or 0 for the default.
static SOURCE: AtomicUsize = AtomicUsize::new(0);

/// Makes `source` name the context of every later instrumented call (a kernel passes a
/// function returning the current CPU index). See the module docs for the contract.
///
/// Install it at boot, before syscalls run on more than one CPU.
pub fn set_cpu_id_source(source: fn() -> usize) {
    SOURCE.store(source as usize, Relaxed);
}

/// The shard the current call counts in: 0 (shared, atomic add) or `1..SHARDS` (private).
#[inline(always)]
pub(super) fn current() -> usize {
    let source = SOURCE.load(Relaxed);
    let id = if source == 0 {
        default_id()
    } else {
        // SAFETY: only `set_cpu_id_source` stores a non-zero value, and it is a `fn() -> usize`.
        let source = unsafe { core::mem::transmute::<usize, fn() -> usize>(source) };
        source()
    };
    let shard = id.wrapping_add(1);
    if shard < SHARDS { shard } else { 0 }
}

#[cfg(not(any(feature = "std", all(feature = "instrument", not(target_os = "none")))))]
#[inline(always)]
fn default_id() -> usize {
    usize::MAX
}

#[cfg(any(feature = "std", all(feature = "instrument", not(target_os = "none"))))]
#[inline(always)]
fn default_id() -> usize {
    host::id()
}

/// Private ids for host threads: claimed on a thread's first call, returned when it exits.
#[cfg(any(feature = "std", all(feature = "instrument", not(target_os = "none"))))]
mod host {
    extern crate std;

    use core::cell::Cell;
    use core::sync::atomic::{AtomicUsize, Ordering};

    use super::SHARDS;

    /// Not yet claimed; any value `>= SHARDS - 1` also means "use the shared shard".
    const UNCLAIMED: usize = usize::MAX - 1;
    const SHARED: usize = usize::MAX;

    /// Bit `i` set: id `i` is owned by a live thread.
    static CLAIMED: AtomicUsize = AtomicUsize::new(0);

    std::thread_local! {
        static ID: Cell<usize> = const { Cell::new(UNCLAIMED) };
        static RELEASE: Release = const { Release };
    }

    /// Returns the thread's id to the pool when the thread exits.
    struct Release;

    impl Drop for Release {
        fn drop(&mut self) {
            let id = ID.with(|c| c.replace(SHARED));
            if id < SHARDS - 1 {
                // Release: the next owner sees this thread's last store to the shard.
                CLAIMED.fetch_and(!(1 << id), Ordering::Release);
            }
        }
    }

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
            if free >= SHARDS - 1 {
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
        // During thread exit the release guard may be gone already: keep the shared shard.
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
}
