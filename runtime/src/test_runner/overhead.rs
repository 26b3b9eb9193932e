//! The cost of instrumentation on the dispatch path, measured with the runtime's switch and
//! clock: the probe is called with instrumentation off, then on, in alternating rounds.

use super::probe;
use super::report::{CheckResult, Status};
use crate::perf::{self, clock};

const NAME: &str = "instrumentation overhead";
const UNIT: &str = "of the uninstrumented cost";
const ROUNDS: u32 = 7;

/// Measures `(on − off) / off` with the fastest round of each side, against `threshold`.
///
/// The fastest round is the one least disturbed by interrupts and other load; the value is
/// reported either way, and compared with the threshold.
pub(super) fn measure(iterations: u32, threshold: f64) -> CheckResult {
    if !cfg!(feature = "instrument") || !clock::is_available() {
        return CheckResult::skipped(NAME, UNIT);
    }
    let was_on = perf::is_enabled();
    let (mut off, mut on) = (u64::MAX, u64::MAX);
    for _ in 0..ROUNDS {
        perf::disable();
        off = off.min(round(iterations));
        perf::enable();
        on = on.min(round(iterations));
    }
    if !was_on {
        perf::disable();
    }
    let overhead = on.saturating_sub(off) as f64 / off.max(1) as f64;
    CheckResult {
        name: NAME,
        status: if overhead <= threshold {
            Status::Passed
        } else {
            Status::Failed
        },
        measured: overhead,
        threshold,
        relation: "<=",
        unit: UNIT,
    }
}

/// Ticks for `n` probe calls.
fn round(n: u32) -> u64 {
    let start = clock::now();
    for i in 0..n {
        core::hint::black_box(probe::call(
            &probe::PLAIN,
            core::hint::black_box(i as usize),
        ));
    }
    clock::now().saturating_sub(start)
}
