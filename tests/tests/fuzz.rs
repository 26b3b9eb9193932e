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

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use sysgate_tests::{ArenaPlatform, word};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sysgate::error::inject;
use sysgate::platform;
use sysgate::policy::{self, Policy, Promises, Violation};
use sysgate::{Category, Errno, dispatch, registry};

use sysgate_test_handlers as _;

const DEFAULT_CASES: u32 = 4000;
/// One step of a fuzz case.
#[derive(Clone, Debug)]
enum Op {
    /// `dispatch(nr, args)`.
    Call(usize, [usize; 6]),
    /// Inject the `errno`-th named errno into `nr` at `rate` per million.
    Inject(usize, usize, u32),
    /// Remove the rule of `nr`.
    Stop(usize),
    /// Remove every rule.
    Clear,
    /// Narrow the case's policy to these category bits.
    Pledge(u16, bool),
}

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

static CALLS: AtomicU64 = AtomicU64::new(0);
static DENIED: AtomicU64 = AtomicU64::new(0);

/// Runs one case on a fresh policy; returns a description of the first bad result.
fn run_case(ops: &[Op]) -> Result<(), String> {
    let policy: &'static Policy = Box::leak(Box::new(Policy::new()));
    policy::switch_to(policy);
    inject::clear();
    let mut always = std::collections::HashMap::new();
    for op in ops {
        match *op {
            Op::Call(nr, args) => check_call(nr, args, policy, &always)?,
            Op::Inject(nr, e, rate) => {
                let errno = Errno::all().nth(e).unwrap();
                if inject::fail(nr, errno, rate) {
                    always.insert(nr, (errno, rate == inject::PER_MILLION));
                }
            }
            Op::Stop(nr) => {
                inject::stop(nr);
                always.remove(&nr);
            }
            Op::Clear => {
                inject::clear();
                always.clear();
            }
            Op::Pledge(bits, terminate) => {
                let wanted = Promises::of(
                    &Category::ALL
                        .into_iter()
                        .filter(|c| bits & (1 << c.index()) != 0)
                        .collect::<Vec<_>>(),
                );
                let violation = if terminate {
                    Violation::Terminate
                } else {
                    Violation::Deny
                };
                let narrows = policy.promises().includes(wanted);
                if policy.pledge(wanted, violation).is_ok() != narrows {
                    return Err(format!("pledge({wanted:?}) from {:?}", policy.promises()));
                }
            }
        }
    }
    Ok(())
}

fn check_call(
    nr: usize,
    args: [usize; 6],
    policy: &Policy,
    rules: &std::collections::HashMap<usize, (Errno, bool)>,
) -> Result<(), String> {
    CALLS.fetch_add(1, Relaxed);
    let ret = dispatch(nr, args);
    let call = || format!("dispatch({nr}, {args:x?}) = {ret}");
    if Errno::from_ret(ret).is_some_and(|e| e.name().is_none()) {
        return Err(format!("{}: unnamed errno", call()));
    }
    let Some(desc) = registry::get_syscall_info(nr) else {
        return (ret == Errno::ENOSYS.to_ret())
            .then_some(())
            .ok_or_else(|| format!("{}: unknown number is not ENOSYS", call()));
    };
    if !policy.promises().contains(desc.category) {
        DENIED.fetch_add(1, Relaxed);
        return (ret == Errno::EPERM.to_ret())
            .then_some(())
            .ok_or_else(|| format!("{}: category {} not promised", call(), desc.category));
    }
    if let Some(&(errno, true)) = rules.get(&nr) {
        // Every attempt fails: the result is the injected errno unless recovery substituted
        // another outcome (the fallback handler, or nothing else).
        let expected = errno.to_ret();
        let fallback = matches!(desc.recovery, sysgate::Recovery::Fallback { .. });
        if ret != expected && !fallback {
            return Err(format!("{}: {errno:?} injected on every attempt", call()));
        }
    }
    Ok(())
}

#[test]
fn dispatch_survives_hostile_sequences() {
    platform::install(&ArenaPlatform);
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
        run_case(&ops).map_err(TestCaseError::fail)
    });
    inject::clear();
    policy::switch_to(&policy::UNRESTRICTED);
    if let Err(e) = result {
        panic!("{e}");
    }
    println!(
        "fuzz: {cases} cases, {} dispatches ({} refused by policy, {} failures injected), 0 panics",
        CALLS.load(Relaxed),
        DENIED.load(Relaxed),
        inject::injected() - injected
    );
}
