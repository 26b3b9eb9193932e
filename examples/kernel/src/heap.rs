//! User heap: a lock-free bump allocator over the demand-paged heap ([`crate::demand::HEAP`]
//! up to its hole); pages are mapped when first touched, not when allocated.
//!
//! A slice at the top is held back as a "cache" that [`reclaim`] returns to the pool, so the
//! `free_memory` recovery strategy has something to free.

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use sysgate::Errno;

const PAGE: usize = 4096;
/// Bytes held back until [`reclaim`].
const CACHE: usize = 64 * 1024;

static NEXT: AtomicUsize = AtomicUsize::new(0);
static END: AtomicUsize = AtomicUsize::new(0);
static CACHED: AtomicUsize = AtomicUsize::new(0);

/// Hands `start..end` (page-aligned inward) to the allocator.
pub fn init(start: usize, end: usize) {
    let start = start.next_multiple_of(PAGE);
    let end = end & !(PAGE - 1);
    let cache = CACHE.min(end.saturating_sub(start));
    NEXT.store(start, Relaxed);
    END.store(end - cache, Relaxed);
    CACHED.store(cache, Relaxed);
}

/// Allocates `len` bytes (rounded up to pages); `ENOMEM` when the pool is exhausted.
pub fn alloc(len: usize) -> Result<usize, Errno> {
    let len = len.checked_next_multiple_of(PAGE).ok_or(Errno::ENOMEM)?;
    NEXT.fetch_update(Relaxed, Relaxed, |next| {
        next.checked_add(len).filter(|&e| e <= END.load(Relaxed))
    })
    .map_err(|_| Errno::ENOMEM)
}

/// Returns the held-back cache to the pool; the bytes reclaimed.
pub fn reclaim() -> usize {
    let bytes = CACHED.swap(0, Relaxed);
    END.fetch_add(bytes, Relaxed);
    bytes
}

/// Bytes still available without reclaiming.
pub fn available() -> usize {
    END.load(Relaxed).saturating_sub(NEXT.load(Relaxed))
}
