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
