//! The integrated test runner against the realistic handler set, on the host.
//!
//! Timing is not asserted: the overhead check must run and report a measured value, but a
//! noisy machine may push it over its threshold. Every exact check must pass.

use std::sync::Mutex;
use std::time::Duration;

use sysgate::test_runner::{
    MemoryPressure, Status, TestConfig, run_all_syscall_tests, run_syscall_tests_with_config,
};

use sysgate_test_handlers as _;

/// The runner is not reentrant; the tests of this binary take turns.
static SERIAL: Mutex<()> = Mutex::new(());

const EXACT: [&str; 5] = [
    "module integration",
    "errno mapping",
    "injection recovery",
    "stress",
    "memory bounds",
];

#[test]
fn default_run_passes_every_exact_check() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let report = run_all_syscall_tests();
    println!("{report}");
    for name in EXACT {
        let check = report.check(name).unwrap();
        assert_eq!(check.status, Status::Passed, "{check:?}");
    }
    let handlers = sysgate::registry::get_all_syscalls().count() as f64;
    assert_eq!(
        report.check("module integration").unwrap().measured,
        handlers
    );
    let overhead = report.check("instrumentation overhead").unwrap();
    assert_ne!(overhead.status, Status::Skipped);
    assert!(overhead.measured.is_finite() && overhead.measured >= 0.0);
    assert_eq!(
        overhead.threshold,
        TestConfig::default().performance_overhead_threshold
    );
    assert_eq!(report.stress_threads, 4);
    assert!(report.stress_calls > 0);
    let text = report.to_string();
    assert_eq!(text.lines().count(), report.checks.len() + 2, "{text}");
    assert!(text.contains("PASS  module integration"), "{text}");
}

#[test]
fn switched_off_checks_are_skipped_and_the_rest_still_runs() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let report = run_syscall_tests_with_config(TestConfig {
        enable_performance_monitoring: false,
        enable_error_injection: false,
        stress_test_duration: Duration::from_millis(20),
        memory_pressure_level: MemoryPressure::High,
        concurrent_test_threads: 2,
        ..TestConfig::default()
    });
    println!("{report}");
    for name in ["instrumentation overhead", "injection recovery"] {
        assert_eq!(report.check(name).unwrap().status, Status::Skipped);
    }
    for name in [
        "module integration",
        "errno mapping",
        "stress",
        "memory bounds",
    ] {
        assert!(report.check(name).unwrap().passed(), "{name}");
    }
    assert!(report.passed());
    assert_eq!(report.stress_threads, 2);
    assert!(
        sysgate::perf::is_enabled(),
        "the runner restores the switch"
    );
}
