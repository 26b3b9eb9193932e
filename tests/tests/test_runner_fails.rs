//! Every check of the integrated test runner fails on constructed bad input: a check that
//! cannot fail checks nothing. Module integration needs a binary of its own
//! (`test_runner_bad_table.rs`, `unreferenced.rs`); errno mapping and memory bounds are broken
//! with probes that break their contract (the runtime's `test_runner` unit tests).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::Duration;

use sysgate::error::inject;
use sysgate::test_runner::{
    CheckResult, Status, TestConfig, TestReport, run_syscall_tests_with_config,
};
use sysgate::{Errno, MAX_SYSCALLS, dispatch};

use sysgate_test_handlers as _;

/// The runner is not reentrant; the tests of this binary take turns.
static SERIAL: Mutex<()> = Mutex::new(());

/// A short run with `config`'s changes, printed.
fn run(config: TestConfig) -> TestReport {
    let report = run_syscall_tests_with_config(TestConfig {
        stress_test_duration: Duration::from_millis(20),
        concurrent_test_threads: 2,
        iterations: 5_000,
        ..config
    });
    println!("{report}");
    report
}

fn failed<'a>(report: &'a TestReport, name: &str) -> &'a CheckResult {
    let check = report.check(name).unwrap();
    assert_eq!(check.status, Status::Failed, "{check:?}");
    assert!(!report.passed());
    check
}

#[test]
fn overhead_fails_with_nothing_to_compare_with() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let report = run(TestConfig {
        round_trips: None,
        ..TestConfig::default()
    });
    let check = failed(&report, "instrumentation overhead");
    assert_eq!(check.note, "no round trip to compare with");

    // On the fake clock nothing moves while the runner measures (on the real one an empty
    // round trip can still read a tick or two when the machine is loaded).
    sysgate::host::use_fake_clock();
    let report = run(TestConfig {
        round_trips: Some(|_| {}),
        ..TestConfig::default()
    });
    sysgate::host::use_real_clock();
    let check = failed(&report, "instrumentation overhead");
    assert_eq!(check.note, "a round trip took no clock ticks");
}

#[test]
fn overhead_fails_against_a_round_trip_far_cheaper_than_a_syscall() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // A "round trip" of one addition: what instrumentation adds to dispatch is many times it.
    let report = run(TestConfig {
        round_trips: Some(|n| {
            for i in 0..n {
                std::hint::black_box(std::hint::black_box(i) + 1);
            }
        }),
        ..TestConfig::default()
    });
    let check = failed(&report, "instrumentation overhead");
    assert!(check.measured > check.threshold, "{check:?}");
    assert_eq!(check.threshold, 0.05);
}

#[test]
fn recovery_fails_when_nothing_is_injected_or_nothing_recovers() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let report = run(TestConfig {
        error_injection_rate: 0,
        ..TestConfig::default()
    });
    assert_eq!(
        failed(&report, "injection recovery").note,
        "nothing injected"
    );

    // Every attempt fails, so retrying never recovers.
    let report = run(TestConfig {
        error_injection_rate: inject::PER_MILLION,
        ..TestConfig::default()
    });
    let check = failed(&report, "injection recovery");
    assert_eq!(check.measured, 0.0);
}

#[test]
fn stress_fails_when_no_call_is_made() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let report = run(TestConfig {
        stress_max_calls: 0,
        ..TestConfig::default()
    });
    assert_eq!(failed(&report, "stress").note, "no call made");
}

/// Dispatches an unknown number until `stop`: code the runner does not know about, whose
/// calls the stress check's exact counts must notice.
fn interferer(stop: &AtomicBool) {
    while !stop.load(Relaxed) {
        assert_eq!(dispatch(MAX_SYSCALLS + 7, [0; 6]), Errno::ENOSYS.to_ret());
    }
}

#[test]
fn stress_fails_when_other_code_dispatches_meanwhile() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let stop = AtomicBool::new(false);
    let report = std::thread::scope(|s| {
        s.spawn(|| interferer(&stop));
        // Long enough that the other thread surely runs during it.
        let report = run(TestConfig {
            stress_test_duration: Duration::from_millis(200),
            ..TestConfig::default()
        });
        stop.store(true, Relaxed);
        report
    });
    assert_eq!(failed(&report, "stress").measured, 0.0);
}
