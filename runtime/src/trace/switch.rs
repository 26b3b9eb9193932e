//! The trace switches: one global word the thunk tests, and a per-syscall bitmap.
//!
//! The word is 0 when nothing is traced. Bit 0 traces every call; bit 1 says some syscalls are
//! selected in the bitmap. Whether it is non-zero is mirrored in the hot-path word's trace bit
//! ([`crate::switches`]), which is all a thunk looks at while nothing is traced.

use core::sync::atomic::{AtomicU8, AtomicU64, Ordering::Relaxed};

use crate::MAX_SYSCALLS;
use crate::switches::{self, TRACE};

const ALL: u8 = 1;
const SELECTED: u8 = 2;

static MODE: AtomicU8 = AtomicU8::new(0);
static CHOSEN: [AtomicU64; MAX_SYSCALLS / 64] = [const { AtomicU64::new(0) }; MAX_SYSCALLS / 64];

/// Whether anything is traced: the dispatcher's test for numbers with no handler.
#[inline(always)]
pub(super) fn armed() -> bool {
    switches::load() & TRACE != 0
}

/// Mirrors whether anything is traced into the hot-path word.
fn sync() {
    switches::set(TRACE, MODE.load(Relaxed) != 0);
}

/// Whether a call to `nr` is traced.
pub fn is_traced(nr: usize) -> bool {
    let mode = MODE.load(Relaxed);
    mode & ALL != 0
        || (mode & SELECTED != 0
            && CHOSEN
                .get(nr / 64)
                .is_some_and(|w| w.load(Relaxed) & (1 << (nr % 64)) != 0))
}

/// Traces every call (the global switch).
pub fn enable() {
    MODE.fetch_or(ALL, Relaxed);
    sync();
}

/// Stops tracing every call; syscalls selected with [`trace_syscall`] stay traced.
pub fn disable() {
    MODE.fetch_and(!ALL, Relaxed);
    sync();
}

/// Whether the global switch is on.
pub fn is_enabled() -> bool {
    MODE.load(Relaxed) & ALL != 0
}

/// Traces calls to `nr` (or stops), whatever the global switch; `false` if `nr` is not below
/// [`MAX_SYSCALLS`].
pub fn trace_syscall(nr: usize, on: bool) -> bool {
    let Some(word) = CHOSEN.get(nr / 64) else {
        return false;
    };
    let bit = 1 << (nr % 64);
    if on {
        word.fetch_or(bit, Relaxed);
        MODE.fetch_or(SELECTED, Relaxed);
    } else {
        word.fetch_and(!bit, Relaxed);
        if CHOSEN.iter().all(|w| w.load(Relaxed) == 0) {
            MODE.fetch_and(!SELECTED, Relaxed);
        }
    }
    sync();
    true
}

/// Turns every switch off: the global one and every per-syscall one.
pub fn disable_all() {
    MODE.store(0, Relaxed);
    for w in &CHOSEN {
        w.store(0, Relaxed);
    }
    sync();
}
