//! Which call-counter shard the current syscall updates.
//!
//! Each [`SyscallStats`](super::SyscallStats) keeps its call count in [`SHARDS`] cache-line
//! pairs: shard `1 + id` belongs to CPU `id` and is updated with a plain load and store (no
//! `lock` prefix); shard 0 is shared and updated with an atomic add. Readers sum the shards.
//!
//! On bare metal the CPU comes from the runtime's own per-CPU area ([`crate::cpu::id`], one
//! load through a register user code cannot change): there is no setup call beyond
//! [`crate::cpu::init_cpu`], which every CPU makes before its first syscall, and every CPU up to
//! [`MAX_CPUS`] has a shard of its own. The count stays exact under SMP, preemption and
//! migration because the two instructions that read the CPU and update its shard run with
//! interrupts masked: sysgate's entries keep them masked through dispatch, so nothing can move
//! the thread to another CPU in between. (A kernel that enables interrupts inside handlers
//! keeps them masked around the thunk's bookkeeping or loses that guarantee.)
//!
//! Hosted builds give each thread a private id while ids last and the shared shard
//! afterwards: with `std`, and in any instrumented build for a target with an OS (its standard
//! library's thread-locals are there, so a default build on the host, `std` or not, counts
//! without a locked add).

use crate::cpu::MAX_CPUS;

/// Call-counter shards per syscall: one per CPU, and one shared.
pub const SHARDS: usize = MAX_CPUS + 1;

/// The private shard the current call counts in (`1 + cpu`), or `None` for the shared one
/// (atomic add).
#[inline(always)]
pub(super) fn current() -> Option<usize> {
    let id = context_id();
    (id < SHARDS - 1).then(|| of(id))
}

/// The shard of CPU (or host thread) `id`.
pub(super) const fn of(id: usize) -> usize {
    id + 1
}

#[cfg(target_os = "none")]
#[inline(always)]
fn context_id() -> usize {
    crate::cpu::id()
}

#[cfg(all(
    not(target_os = "none"),
    not(any(feature = "std", feature = "instrument"))
))]
#[inline(always)]
fn context_id() -> usize {
    usize::MAX
}

#[cfg(all(not(target_os = "none"), any(feature = "std", feature = "instrument")))]
#[inline(always)]
fn context_id() -> usize {
    host::id()
}

/// Private ids for host threads: claimed on a thread's first call, returned when it exits.
#[cfg(all(not(target_os = "none"), any(feature = "std", feature = "instrument")))]
mod host {
    extern crate std;

    use core::cell::Cell;
    use core::sync::atomic::{AtomicUsize, Ordering};

    use super::SHARDS;

    /// Private ids: one per shard but the shared one, at most one per bit of [`CLAIMED`].
    const IDS: usize = if SHARDS - 1 < usize::BITS as usize {
        SHARDS - 1
    } else {
        usize::BITS as usize
    };

    /// Not yet claimed; any value `>= IDS` also means "use the shared shard".
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
            if id < IDS {
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
