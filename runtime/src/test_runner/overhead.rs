//! The cost of instrumentation, as a share of a real system-call round trip.
//!
//! The added cost is measured on the dispatch path: the probe is called with instrumentation
//! off, then on, in alternating rounds, with the runtime's switch and clock. It is divided by
//! what a user pays for one call anyway — a real round trip (trap, entry, dispatch, return to
//! user), made by [`TestConfig::round_trips`](super::TestConfig::round_trips) with
//! instrumentation off and timed with the same clock — so the threshold reads as "a syscall
//! costs at most this much more". Divided by the in-process dispatch alone (a few ns on a host)
//! the same cost would look many times larger than anything a caller can observe.

use super::probe;
use super::report::CheckResult;
use crate::perf::{self, clock};

const NAME: &str = "instrumentation overhead";
const UNIT: &str = "of a round trip";
const ROUNDS: u32 = 7;

/// Measures `(on − off) / round trip` with the fastest round of each side, against `threshold`.
///
/// The fastest round is the one least disturbed by interrupts and other load; the value is
/// reported either way, and compared with the threshold. No clock, no round trip to measure
/// against, or a round trip too short for the clock is a failure: nothing was measured.
pub(super) fn measure(
    iterations: u32,
    threshold: f64,
    round_trips: Option<fn(u32)>,
) -> CheckResult {
    if !clock::is_available() {
        return CheckResult::nothing_measured(NAME, "no clock");
    }
    let Some(round_trips) = round_trips else {
        return CheckResult::nothing_measured(NAME, "no round trip to compare with");
    };
    let iterations = iterations.max(1);
    let was_on = perf::is_enabled();
    let (mut off, mut on, mut short, mut long) = (u64::MAX, u64::MAX, u64::MAX, u64::MAX);
    for _ in 0..ROUNDS {
        perf::disable();
        off = off.min(ticks(probe_calls, iterations));
        short = short.min(ticks(round_trips, iterations));
        long = long.min(ticks(round_trips, 2 * iterations));
        perf::enable();
        on = on.min(ticks(probe_calls, iterations));
    }
    if !was_on {
        perf::disable();
    }
    // `iterations` round trips: the difference of two runs cancels what making the calls
    // costs besides the calls (entering and leaving user code).
    let trip = long.saturating_sub(short);
    if trip == 0 {
        return CheckResult::nothing_measured(NAME, "a round trip took no clock ticks");
    }
    let overhead = on.saturating_sub(off) as f64 / trip as f64;
    CheckResult::compared(NAME, overhead <= threshold, overhead, "<=", threshold, UNIT)
}

/// Ticks for `f(n)`.
fn ticks(f: impl Fn(u32), n: u32) -> u64 {
    let start = clock::now();
    f(n);
    clock::now().saturating_sub(start)
}

/// `n` probe calls through the dispatch path.
fn probe_calls(n: u32) {
    for i in 0..n {
        core::hint::black_box(probe::call(
            &probe::PLAIN,
            core::hint::black_box(i as usize),
        ));
    }
}
