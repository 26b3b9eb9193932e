//! Error injection: make chosen syscalls fail with chosen errnos at a chosen rate.
//!
//! Injection happens in the generated thunk before the handler runs, on every attempt
//! (retries included), so an injected failure takes the real path: recovery, error log,
//! statistics, `-errno` in the return register. The random draws come from a seeded
//! SplitMix64 sequence advanced only by calls that match a rule, so a single-threaded run with
//! the same seed injects the same failures. Off, it costs the thunk nothing: its bit in the
//! hot-path word (`switches`) keeps the thunk on its plain path.

use core::sync::atomic::{AtomicU16, AtomicU32, AtomicU64, AtomicUsize, Ordering};

use crate::Errno;
use crate::switches::{self, INJECT};

/// How many syscalls can have an injection rule at once.
pub const MAX_RULES: usize = 8;

/// The denominator of injection rates: `PER_MILLION` means always.
pub const PER_MILLION: u32 = 1_000_000;

const FREE: usize = usize::MAX;
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

struct Rule {
    nr: AtomicUsize,
    errno: AtomicU16,
    rate: AtomicU32,
}

static STATE: AtomicU64 = AtomicU64::new(0);
static INJECTED: AtomicU64 = AtomicU64::new(0);
static RULES: [Rule; MAX_RULES] = [const {
    Rule {
        nr: AtomicUsize::new(FREE),
        errno: AtomicU16::new(0),
        rate: AtomicU32::new(0),
    }
}; MAX_RULES];

/// Makes syscall `nr` fail with `errno` on `per_million` of its attempts (replacing an earlier
/// rule for `nr`) and turns injection on. Returns `false` if [`MAX_RULES`] syscalls already have
/// rules. Meant for test setup, not for concurrent use with other configuration calls.
pub fn fail(nr: usize, errno: Errno, per_million: u32) -> bool {
    let rule = RULES
        .iter()
        .find(|r| r.nr.load(Ordering::Relaxed) == nr)
        .or_else(|| RULES.iter().find(|r| r.nr.load(Ordering::Relaxed) == FREE));
    let Some(rule) = rule else { return false };
    rule.errno.store(errno.code(), Ordering::Relaxed);
    rule.rate
        .store(per_million.min(PER_MILLION), Ordering::Relaxed);
    rule.nr.store(nr, Ordering::Release);
    switches::set(INJECT, true);
    true
}

/// Removes the rule for syscall `nr`.
pub fn stop(nr: usize) {
    for rule in RULES.iter().filter(|r| r.nr.load(Ordering::Relaxed) == nr) {
        rule.nr.store(FREE, Ordering::Release);
    }
}

/// Removes every rule and turns injection off.
pub fn clear() {
    switches::set(INJECT, false);
    for rule in &RULES {
        rule.nr.store(FREE, Ordering::Release);
    }
}

/// Restarts the random sequence from `seed`.
pub fn seed(seed: u64) {
    STATE.store(seed, Ordering::Relaxed);
}

/// Failures injected so far.
pub fn injected() -> u64 {
    INJECTED.load(Ordering::Relaxed)
}

/// The thunk's check before each call of the handler of `nr`, under the hot-path `word` it read
/// (`switches`).
#[inline(always)]
pub(crate) fn check(word: u64, nr: usize) -> Result<(), Errno> {
    if word & INJECT != 0 { roll(nr) } else { Ok(()) }
}

#[cold]
#[inline(never)]
fn roll(nr: usize) -> Result<(), Errno> {
    let Some(rule) = RULES.iter().find(|r| r.nr.load(Ordering::Acquire) == nr) else {
        return Ok(());
    };
    let (code, rate) = (
        rule.errno.load(Ordering::Relaxed),
        rule.rate.load(Ordering::Relaxed),
    );
    let draw = splitmix64(
        STATE
            .fetch_add(GOLDEN, Ordering::Relaxed)
            .wrapping_add(GOLDEN),
    );
    match Errno::new(code) {
        Some(errno) if draw % u64::from(PER_MILLION) < u64::from(rate) => {
            INJECTED.fetch_add(1, Ordering::Relaxed);
            Err(errno)
        }
        _ => Ok(()),
    }
}

fn splitmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
