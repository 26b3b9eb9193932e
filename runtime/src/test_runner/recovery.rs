//! Error injection and recovery: transient failures injected into the retrying probe, and the
//! share of them its recovery turned into successes.

use super::probe;
use super::report::CheckResult;
use crate::Errno;
use crate::error::{self, inject};
use crate::recovery::Strategy;

const NAME: &str = "injection recovery";

/// Makes `calls` calls with `EAGAIN` injected on `rate` per million attempts; measured =
/// recovered / failed first attempts, which must reach `min_rate`. Every call must return
/// the probe's value or `-EAGAIN`, and the calls given up must match the `-EAGAIN` results.
pub(super) fn measure(calls: u32, rate: u32, min_rate: f64) -> CheckResult {
    let stats = error::handler().stats().strategy(Strategy::Retry);
    let (recovered, gave_up) = (stats.recovered(), stats.gave_up());
    inject::fail(probe::RETRY.nr, Errno::EAGAIN, rate);
    let (mut failed, mut wrong) = (0u64, 0u64);
    for i in 0..calls {
        match probe::call(&probe::RETRY, i as usize) {
            r if r == i as isize => {}
            r if r == Errno::EAGAIN.to_ret() => failed += 1,
            _ => wrong += 1,
        }
    }
    inject::stop(probe::RETRY.nr);
    let recovered = stats.recovered() - recovered;
    let gave_up = stats.gave_up() - gave_up;
    let attempted = recovered + gave_up;
    if attempted == 0 {
        return CheckResult::nothing_measured(NAME, "nothing injected");
    }
    let measured = recovered as f64 / attempted as f64;
    let exact = wrong == 0 && gave_up == failed;
    let mut result = CheckResult::compared(
        NAME,
        exact && measured >= min_rate,
        measured,
        ">=",
        min_rate,
        "recovered/failed",
    );
    if !exact {
        result.note = "results or give-ups miscounted";
    }
    result
}
