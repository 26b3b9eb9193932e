//! The run-time switches: instrumentation on/off, latency sampling, and per-syscall switches.
//!
//! They live in the hot-path word ([`crate::switches`]), so a thunk decides with a single
//! relaxed load: the sampling mask (period − 1) in its low bits, "off" and "not timed" above.

use core::fmt;

use crate::switches::{self, MASK, OFF, UNTIMED};
use crate::table;

/// The latency sampling period in effect at boot: one call in 64 is timed.
///
/// Counting costs a load and a store to the CPU's own shard (an atomic add without a CPU id
/// source); timing a call costs two counter reads, a histogram add and the CPU's own latency
/// extremes, out of line. One in 64 keeps the average under 2 cycles while a syscall called
/// 10 000 times still yields 150 samples. Each counter shard samples its own calls: one in N
/// per CPU.
pub const DEFAULT_SAMPLE_PERIOD: u32 = 64;

/// The instrumentation bits at boot: counting on, one call in [`DEFAULT_SAMPLE_PERIOD`] timed.
pub(crate) const BOOT_MODE: u64 = mode(true, DEFAULT_SAMPLE_PERIOD);

/// The bits this module owns in the word.
const BITS: u64 = OFF | UNTIMED | MASK;

/// The default period's mask, which the word's mask bits are stored XOR with: the default
/// stores zero, so the thunks' counting path tests the word against zero and samples with
/// this constant.
const DEFAULT_MASK: u64 = (DEFAULT_SAMPLE_PERIOD - 1) as u64;

const fn mode(count: bool, period: u32) -> u64 {
    let off = if count { 0 } else { OFF };
    if period == 0 {
        off | UNTIMED
    } else {
        off | ((period - 1) as u64 ^ DEFAULT_MASK)
    }
}

/// The sampling mask `mode` stores.
#[inline(always)]
const fn mask(mode: u64) -> u64 {
    (mode & MASK) ^ DEFAULT_MASK
}

/// Whether the global word says "count".
#[inline(always)]
pub(crate) fn counts(mode: u64) -> bool {
    mode & OFF == 0
}

/// Whether `mode` times sampled calls (the sampling period is not 0).
#[cfg(feature = "instrument")]
#[inline(always)]
pub(crate) fn timed(mode: u64) -> bool {
    mode & UNTIMED == 0
}

/// Whether the call with sequence number `seq` is timed under `mode`.
#[cfg(feature = "instrument")]
#[inline(always)]
pub(crate) fn times(mode: u64, seq: u64) -> bool {
    timed(mode) && sampled(mode, seq)
}

/// Whether `seq` is one in the sampling period of `mode`, whose timing bit is on.
#[cfg(feature = "instrument")]
#[inline(always)]
pub(crate) fn sampled(mode: u64, seq: u64) -> bool {
    // The mask fits in 31 bits: a 32-bit test is enough, and the word needs no shift.
    (seq as u32) & mask(mode) as u32 == 0
}

/// Turns instrumentation on for every handler not marked `fast` (the boot state).
pub fn enable() {
    switches::set(OFF, false);
}

/// Turns instrumentation off: thunks then cost one extra load and a predicted branch.
pub fn disable() {
    switches::set(OFF, true);
}

/// Whether instrumentation is on.
pub fn is_enabled() -> bool {
    counts(switches::load())
}

/// The sampling period is not 0 or a power of two up to 2^31.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPeriod(pub u32);

impl fmt::Display for BadPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "sampling period {} is not 0 or a power of two up to 2^31",
            self.0
        )
    }
}

/// Times one call in `period` (a power of two; 1 times every call) or none (`0`: counts only).
///
/// Counts of calls and errors stay exact whatever the period. Keeps the on/off state.
pub fn set_sample_period(period: u32) -> Result<(), BadPeriod> {
    if period != 0 && !period.is_power_of_two() {
        return Err(BadPeriod(period));
    }
    switches::replace(BITS & !OFF, mode(true, period));
    Ok(())
}

/// The sampling period: 0 when latencies are not timed.
pub fn sample_period() -> u32 {
    let m = switches::load();
    if m & UNTIMED != 0 {
        0
    } else {
        (mask(m) + 1) as u32
    }
}

/// Turns instrumentation of syscall `nr` on or off; `false` if no handler has that number.
///
/// Off, its thunk records nothing; while any syscall's switch is off, every counting thunk
/// checks its own (one more load and branch).
pub fn set_syscall_enabled(nr: usize, on: bool) -> bool {
    match table::table().get(nr) {
        Some(desc) => {
            desc.stats.set_enabled(on);
            true
        }
        None => false,
    }
}

#[cfg(all(test, feature = "instrument"))]
mod tests {
    use super::*;

    #[test]
    fn mode_word_encodes_period() {
        let m = mode(true, 64);
        assert!(counts(m));
        assert!(times(m, 0) && times(m, 64) && times(m, 128));
        assert!(!times(m, 1) && !times(m, 63));
        let every = mode(true, 1);
        assert!((0..10).all(|s| times(every, s)));
        let counts_only = mode(true, 0);
        assert!(counts(counts_only) && !times(counts_only, 0));
        assert!(!counts(mode(false, 64)));
        assert_eq!(
            mode(true, DEFAULT_SAMPLE_PERIOD),
            0,
            "the default is the zero word"
        );
        let slower = mode(true, 1024);
        assert_ne!(slower, 0);
        assert_eq!(mask(slower), 1023);
        assert!(times(slower, 2048) && !times(slower, 64));
    }
}
