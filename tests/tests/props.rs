//! Random syscall numbers and argument words never panic and always encode validly: an
//! error is a named errno, an unknown number is `ENOSYS`.
//!
//! User space is a 64 KiB arena here (the installed platform's user range), so random
//! pointers either land in it or are rejected with `EFAULT` before any copy.

use std::sync::atomic::AtomicU64;

use proptest::prelude::*;
use sysgate::platform::{self, Platform};
use sysgate::{Errno, dispatch};

use sysgate_test_handlers as _;

const ARENA_LEN: usize = 64 * 1024;

/// The arena's backing store; handlers only ever copy into it through the platform.
static ARENA: [AtomicU64; ARENA_LEN / 8] = [const { AtomicU64::new(0) }; ARENA_LEN / 8];

fn arena() -> std::ops::Range<usize> {
    let start = ARENA.as_ptr() as usize;
    start..start + ARENA_LEN
}

struct ArenaPlatform;

impl Platform for ArenaPlatform {
    fn user_range(&self) -> std::ops::Range<usize> {
        arena()
    }
}

/// Numbers near the registered ones, anywhere in the table, and anywhere at all.
fn numbers() -> impl Strategy<Value = usize> {
    prop_oneof![
        prop::sample::select(vec![
            0usize, 1, 8, 9, 13, 16, 22, 39, 44, 60, 63, 105, 201, 300
        ]),
        0usize..1100,
        any::<usize>(),
    ]
}

/// Words that hit edge cases often: small values, arena addresses, extremes.
fn word() -> impl Strategy<Value = usize> {
    let a = arena();
    prop_oneof![
        0usize..4,
        0usize..=ARENA_LEN,
        a.start - 64..a.end + 64,
        any::<usize>(),
        Just(usize::MAX),
        Just(1usize << 63),
        Just(0xffff_8000_0000_0000usize),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 20_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn dispatch_never_panics_and_encodes_validly(nr in numbers(), args in prop::array::uniform6(word())) {
        platform::install(&ArenaPlatform);
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
