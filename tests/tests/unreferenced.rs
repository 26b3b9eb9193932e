//! A handler crate that nothing references is not linked: its handlers are missing.
//!
//! This binary has `sysgate-test-handlers` as a dependency but never names it, so the
//! registry is empty. `tests/dispatch.rs` names it with `use sysgate_test_handlers as _;`.

#[test]
fn handlers_of_an_unnamed_crate_are_not_linked() {
    assert_eq!(sysgate::registry::get_all_syscalls().count(), 0);
    assert_eq!(
        sysgate::dispatch(39, [0; 6]),
        sysgate::Errno::ENOSYS.to_ret()
    );
}

#[test]
fn the_test_runner_fails_integration_with_no_handler_linked() {
    let report =
        sysgate::test_runner::run_syscall_tests_with_config(sysgate::test_runner::TestConfig {
            stress_test_duration: std::time::Duration::from_millis(10),
            concurrent_test_threads: 1,
            ..sysgate::test_runner::TestConfig::default()
        });
    println!("{report}");
    let check = report.check("module integration").unwrap();
    assert_eq!(check.status, sysgate::test_runner::Status::Failed);
    assert_eq!(check.note, "no handler linked");
}
