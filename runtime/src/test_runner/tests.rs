//! The errno-mapping and memory checks fail on probes that break what they check. (The other
//! checks fail through the public configuration: `tests/tests/test_runner_fails.rs`.)

use super::integration::{PROBE_ERRNO, errno_mapping};
use super::memory;
use super::report::Status;
use crate::perf::SyscallStats;
use crate::{Category, Location, MAX_SYSCALLS, Recovery, SyscallArgs, SyscallDesc, Thunk};

const fn desc(nr: usize, stats: &'static SyscallStats, thunk: Thunk) -> SyscallDesc {
    SyscallDesc {
        nr,
        name: "broken_probe",
        category: Category::System,
        args: &[],
        ret: "usize",
        doc: "A probe that breaks the contract a check verifies.",
        recovery: Recovery::None,
        fast: true,
        hot: false,
        location: Location {
            module: module_path!(),
            file: file!(),
            line: line!(),
        },
        stats,
        thunk,
    }
}

static STATS: SyscallStats = SyscallStats::new();

/// Ignores injection and its arguments: errnos are not mapped, values not passed through.
static CONSTANT: SyscallDesc = desc(MAX_SYSCALLS + 10, &STATS, |_: &SyscallArgs| 7);

/// Fails without recording the failure in the error log.
static UNLOGGED: SyscallDesc = desc(MAX_SYSCALLS + 11, &STATS, |_: &SyscallArgs| {
    PROBE_ERRNO.to_ret()
});

#[test]
fn errno_mapping_fails_when_errors_are_not_mapped() {
    let check = errno_mapping(&CONSTANT);
    assert_eq!(check.status, Status::Failed, "{check:?}");
    assert_eq!(check.measured, 0.0);
    assert_eq!(check.note, "success values are not returned unchanged");
}

#[test]
fn memory_bounds_fail_when_failures_are_not_logged() {
    let check = memory::measure(&UNLOGGED, 100);
    assert_eq!(check.status, Status::Failed, "{check:?}");
    assert_eq!(
        check.note,
        "the log did not account for every record exactly"
    );
}
