//! The one word every thunk reads: what the hot path does besides calling the handler.
//!
//! Laid out so that each thunk decides with one test of the word it loaded:
//! - bits 0..=30: the latency sampling mask (period − 1), stored XOR the default period's, so
//!   that the default period stores zero ([`crate::perf::control`] owns the encoding);
//! - bit 32 "counting off", bit 33 "not timed", bit 34 "trace armed", bit 35 "injection armed";
//! - bits 40..=55: how many syscalls have their own switch off ([`count_switched_off`]);
//! - bit 63 "armed": trace or injection armed (kept in step with bits 34 and 35 by [`set`]).
//!
//! The default state (count, time one call in the default period, every syscall's switch on,
//! nothing armed) is zero, so a counting thunk takes its counting path when the word is zero,
//! without looking at its own switch, and a `fast` one takes its plain path when the word's
//! sign bit is clear. [`crate::perf`], [`crate::trace`] and
//! [`crate::error::inject`] own their bits and set them through [`set`] and [`replace`].

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// The sampling mask's bits: a call whose sequence number has none of the mask's bits set is
/// timed.
pub(crate) const MASK: u64 = (1 << 31) - 1;
/// Calls and errors are not counted.
pub(crate) const OFF: u64 = 1 << 32;
/// Latencies are not timed (counts only).
pub(crate) const UNTIMED: u64 = 1 << 33;
/// Some call is traced.
pub(crate) const TRACE: u64 = 1 << 34;
/// Some syscall has an injection rule.
pub(crate) const INJECT: u64 = 1 << 35;
/// Tracing or injection: a thunk that sees it takes its full path.
const ARMED: u64 = 1 << 63;
/// The lowest bit of the count of syscalls whose own switch is off.
const SWITCHED_OFF_ONE: u64 = 1 << 40;
/// The field of that count.
const SWITCHED_OFF: u64 = 0xffff * SWITCHED_OFF_ONE;

static WORD: AtomicU64 = AtomicU64::new(crate::perf::control::BOOT_MODE);

/// The word, read once per call.
#[inline(always)]
pub(crate) fn load() -> u64 {
    WORD.load(Relaxed)
}

/// Whether `word` says "count, time one call in the default period, every syscall's switch
/// on, nothing armed": the default.
#[cfg(feature = "instrument")]
#[inline(always)]
pub(crate) fn counting(word: u64) -> bool {
    word == 0
}

/// Whether `word` says tracing or injection is armed.
#[inline(always)]
pub(crate) fn armed(word: u64) -> bool {
    word & ARMED != 0
}

/// Sets (`on`) or clears the bits of `mask`.
pub(crate) fn set(mask: u64, on: bool) {
    replace(mask, if on { mask } else { 0 });
}

/// Replaces the bits of `mask` with those of `bits`.
pub(crate) fn replace(mask: u64, bits: u64) {
    let _ = WORD.fetch_update(Relaxed, Relaxed, |w| Some(merged(w, mask, bits)));
}

/// Adds `delta` (±1) to the count of syscalls whose own switch is off, called once for each
/// switch that changes. The count wraps within its field, so a decrement that overtakes its
/// increment leaves a non-zero count for a moment, which only sends thunks to the path that
/// checks their switch.
pub(crate) fn count_switched_off(delta: i64) {
    let step = (delta as u64).wrapping_mul(SWITCHED_OFF_ONE);
    let _ = WORD.fetch_update(Relaxed, Relaxed, |w| {
        let field = (w & SWITCHED_OFF).wrapping_add(step) & SWITCHED_OFF;
        Some(w & !SWITCHED_OFF | field)
    });
}

/// `word` with the bits of `mask` replaced by those of `bits`, and [`ARMED`] recomputed.
const fn merged(word: u64, mask: u64, bits: u64) -> u64 {
    let w = (word & !mask) | (bits & mask);
    if w & (TRACE | INJECT) != 0 {
        w | ARMED
    } else {
        w & !ARMED
    }
}

#[cfg(all(test, feature = "instrument"))]
mod tests {
    use super::*;

    #[test]
    fn armed_follows_trace_and_inject() {
        let boot = crate::perf::control::BOOT_MODE;
        assert!(counting(boot) && !armed(boot));
        let traced = merged(boot, TRACE, TRACE);
        assert!(armed(traced) && !counting(traced));
        let both = merged(traced, INJECT, u64::MAX);
        let injected = merged(both, TRACE, 0);
        assert!(armed(injected) && !counting(injected));
        let clear = merged(injected, INJECT, 0);
        assert_eq!(clear, boot);
        assert!(!counting(merged(boot, OFF, OFF)) && !armed(merged(boot, OFF, OFF)));
    }

    #[test]
    fn switched_off_count_leaves_the_counting_path() {
        let boot = crate::perf::control::BOOT_MODE;
        let one = boot | SWITCHED_OFF_ONE;
        assert!(!counting(one) && !armed(one));
        // A decrement before its increment wraps within the field, never into ARMED.
        let wrapped = (boot & SWITCHED_OFF).wrapping_sub(SWITCHED_OFF_ONE) & SWITCHED_OFF;
        assert_eq!(wrapped, SWITCHED_OFF);
        assert!(!armed(boot | wrapped) && !counting(boot | wrapped));
        assert_eq!(boot & SWITCHED_OFF, 0);
    }
}
