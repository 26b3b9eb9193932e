//! Fuzzing `dispatch`: random sequences of calls with arbitrary numbers and argument words,
//! interleaved with error injection and policy changes, against the realistic handler set.
//!
//! Every call must return without panicking and encode validly: an error is a named errno in
//! `-4095..=-1`, an unknown number exactly `ENOSYS`, a category outside the current promises
//! exactly `EPERM`, a handler whose every attempt is injected exactly the injected errno (or
//! what its recovery made of it). User space is a 64 KiB arena, so a random pointer either lands
//! in it or is refused before any copy.
//!
//! `SYSGATE_FUZZ_CASES` sets the number of cases (default 4000, about 64 000 calls); run with
//! `--nocapture` to see the counts.

use std::sync::atomic::Ordering::Relaxed;

use sysgate_tests::sequence::{self, Op};
use sysgate_tests::{confine_to_arena, word};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sysgate::error::inject;
use sysgate::{Errno, registry};
use sysgate::{host, policy};

use sysgate_test_handlers as _;

const DEFAULT_CASES: u32 = 4000;

fn number() -> impl Strategy<Value = usize> {
    sysgate_tests::number(registry::get_all_syscalls().map(|d| d.nr).collect())
}

fn op() -> impl Strategy<Value = Op> {
    let errnos = Errno::all().count();
    prop_oneof![
        12 => (number(), prop::array::uniform6(word())).prop_map(|(n, a)| Op::Call(n, a)),
        2 => (number(), 0..errnos, prop_oneof![Just(inject::PER_MILLION), 0..=inject::PER_MILLION])
            .prop_map(|(n, e, r)| Op::Inject(n, e, r)),
        1 => number().prop_map(Op::Stop),
        1 => Just(Op::Clear),
        1 => (any::<u16>(), any::<bool>()).prop_map(|(p, t)| Op::Pledge(p, t)),
    ]
}

#[test]
fn dispatch_survives_hostile_sequences() {
    confine_to_arena();
    let cases = std::env::var("SYSGATE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let injected = inject::injected();
    let result = runner.run(&prop::collection::vec(op(), 1..32), |ops| {
        sequence::run(&ops).map_err(TestCaseError::fail)
    });
    inject::clear();
    host::set_policy(&policy::UNRESTRICTED);
    if let Err(e) = result {
        panic!("{e}");
    }
    println!(
        "fuzz: {cases} cases, {} dispatches ({} refused by policy, {} failures injected), 0 panics",
        sequence::CALLS.load(Relaxed),
        sequence::DENIED.load(Relaxed),
        inject::injected() - injected
    );
}
