//! Memory bounds: the runtime's structures have a fixed size, so pressure must not grow them.
//! The check floods the error log through the probe and verifies that it never holds more
//! than its capacity and accounts for every record exactly.

use super::integration::PROBE_ERRNO;
use super::probe;
use super::report::CheckResult;
use crate::SyscallDesc;
use crate::error::{self, LOG_CAPACITY, inject};

/// Makes `records` failing calls of `desc` (a probe); measured = entries held afterwards
/// (≤ capacity).
pub(super) fn measure(desc: &'static SyscallDesc, records: usize) -> CheckResult {
    let log = error::handler().log();
    let (logged, overwritten, kept) = (log.logged(), log.overwritten(), log.kept() as u64);
    inject::fail(desc.nr, PROBE_ERRNO, inject::PER_MILLION);
    let mut failed = 0u64;
    for i in 0..records {
        failed += u64::from(probe::call(desc, i) == PROBE_ERRNO.to_ret());
    }
    inject::stop(desc.nr);
    let held = log.kept();
    let new = log.logged() - logged;
    let ok = failed == records as u64
        && new == failed
        && held <= log.capacity()
        && held as u64 + (log.overwritten() - overwritten) == kept + new;
    let mut result = CheckResult::compared(
        "memory bounds",
        ok,
        held as f64,
        "<=",
        LOG_CAPACITY as f64,
        "log entries",
    );
    if !ok && held <= log.capacity() {
        result.note = "the log did not account for every record exactly";
    }
    result
}
