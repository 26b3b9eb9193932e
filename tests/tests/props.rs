//! Random syscall numbers and argument words never panic and always encode validly: an
//! error is a named errno, an unknown number is `ENOSYS`.
//!
//! User space is a 64 KiB arena here (the host kernel's user range), so random
//! pointers either land in it or are rejected with `EFAULT` before any copy.

use proptest::prelude::*;
use sysgate::{Errno, dispatch, registry};
use sysgate_tests::{confine_to_arena, number, word};

use sysgate_test_handlers as _;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 20_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn dispatch_never_panics_and_encodes_validly(nr in number(registry::get_all_syscalls().map(|d| d.nr).collect()), args in prop::array::uniform6(word())) {
        confine_to_arena();
        let ret = dispatch(nr, args);
        // Linux's convention: `-4095..=-1` is an error, anything else a success value.
        if let Some(errno) = Errno::from_ret(ret) {
            prop_assert!(errno.name().is_some(), "dispatch({nr}, {args:?}) = {ret}: unnamed errno");
        }
        if sysgate::registry::get_syscall_info(nr).is_none() {
            prop_assert_eq!(ret, Errno::ENOSYS.to_ret(), "unknown number {}", nr);
        }
    }
}
