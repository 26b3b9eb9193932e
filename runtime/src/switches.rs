//! The one word every thunk reads: what the hot path does besides calling the handler.
//!
//! Bit 0 "count", bit 1 "time", bit 2 "trace armed", bit 3 "injection armed", bits 32.. the
//! latency sampling mask (period − 1). A thunk loads it once and, when only counting is on,
//! takes one predicted branch into its counting path; tracing and injection are looked at only
//! when their bit says they are armed. [`crate::perf`], [`crate::trace`] and
//! [`crate::error::inject`] own their bits and set them through [`set`].

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Count calls and errors.
pub(crate) const COUNT: u64 = 1;
/// Time sampled calls.
pub(crate) const TIME: u64 = 2;
/// Some call is traced.
pub(crate) const TRACE: u64 = 4;
/// Some syscall has an injection rule.
pub(crate) const INJECT: u64 = 8;
/// Where the sampling mask starts.
pub(crate) const MASK_SHIFT: u32 = 32;

/// Tracing or injection: a thunk with either bit set takes its full path.
pub(crate) const ARMED: u64 = TRACE | INJECT;
/// The bits a thunk must see clear, but [`COUNT`] set, to take its counting path.
pub(crate) const PLAIN: u64 = COUNT | ARMED;

static WORD: AtomicU64 = AtomicU64::new(crate::perf::control::BOOT_MODE);

/// The word, read once per call.
#[inline(always)]
pub(crate) fn load() -> u64 {
    WORD.load(Relaxed)
}

/// Sets (`on`) or clears the bits of `mask`.
pub(crate) fn set(mask: u64, on: bool) {
    if on {
        WORD.fetch_or(mask, Relaxed);
    } else {
        WORD.fetch_and(!mask, Relaxed);
    }
}

/// Replaces the bits of `mask` with those of `bits`.
pub(crate) fn replace(mask: u64, bits: u64) {
    let _ = WORD.fetch_update(Relaxed, Relaxed, |w| Some((w & !mask) | (bits & mask)));
}
