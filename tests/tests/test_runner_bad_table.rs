//! The module integration check fails when the table cannot install a linked descriptor: here
//! one numbered past the table, placed in the slice by hand (the attribute refuses such a
//! number at compile time).

use sysgate::perf::SyscallStats;
use sysgate::test_runner::{Status, TestConfig, run_syscall_tests_with_config};
use sysgate::{Category, Location, MAX_SYSCALLS, Recovery, SyscallArgs, SyscallDesc};

use sysgate_test_handlers as _;

static STATS: SyscallStats = SyscallStats::new();

fn thunk(_: &SyscallArgs) -> isize {
    0
}

#[sysgate::__private::linkme::distributed_slice(sysgate::SYSCALLS)]
#[linkme(crate = sysgate::__private::linkme)]
static PAST_THE_TABLE: SyscallDesc = SyscallDesc {
    nr: MAX_SYSCALLS + 5,
    name: "past_the_table",
    category: Category::System,
    args: &[],
    ret: "isize",
    doc: "Numbered past the table.",
    recovery: Recovery::None,
    fast: false,
    hot: false,
    location: Location {
        module: module_path!(),
        file: file!(),
        line: line!(),
    },
    stats: &STATS,
    thunk,
};

#[test]
fn a_descriptor_the_table_cannot_install_fails_integration() {
    assert!(sysgate::init().is_err(), "the table reports the number");
    let report = run_syscall_tests_with_config(TestConfig {
        stress_test_duration: std::time::Duration::from_millis(10),
        concurrent_test_threads: 1,
        ..TestConfig::default()
    });
    println!("{report}");
    let check = report.check("module integration").unwrap();
    assert_eq!(check.status, Status::Failed, "{check:?}");
    assert_eq!(
        check.note,
        "the table reports problems: see sysgate::init()"
    );
    // Every handler that is installed is still consistent; the stray descriptor is not.
    assert_eq!(check.measured + 1.0, check.threshold);
}
