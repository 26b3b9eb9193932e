//! Hostile call sequences against `dispatch` and the oracle that checks each result. Shared by
//! the property test (`tests/fuzz.rs`, proptest) and the coverage-guided fuzz target
//! (`fuzz/fuzz_targets/dispatch.rs`, libFuzzer), which generate the steps differently.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use sysgate::error::inject;
use sysgate::host;
use sysgate::policy::{Policy, Promises, Violation};
use sysgate::{Category, Errno, dispatch, registry};

/// One step of a sequence.
#[derive(Clone, Debug)]
pub enum Op {
    /// `dispatch(nr, args)`.
    Call(usize, [usize; 6]),
    /// Inject the `errno`-th named errno into `nr` at `rate` per million.
    Inject(usize, usize, u32),
    /// Remove the rule of `nr`.
    Stop(usize),
    /// Remove every rule.
    Clear,
    /// Narrow the sequence's policy to these category bits (`true`: terminate on violation).
    Pledge(u16, bool),
}

/// Dispatches made by [`run`], over every sequence.
pub static CALLS: AtomicU64 = AtomicU64::new(0);
/// Of [`CALLS`], those refused by the policy.
pub static DENIED: AtomicU64 = AtomicU64::new(0);

/// Runs one sequence on a fresh policy (the calling thread's), with no injection rule at the
/// start; returns a description of the first bad result. Leaves the policy and the rules it set
/// in place.
pub fn run(ops: &[Op]) -> Result<(), String> {
    let policy: &'static Policy = Box::leak(Box::new(Policy::new()));
    host::set_policy(policy);
    inject::clear();
    let mut always = HashMap::new();
    for op in ops {
        match *op {
            Op::Call(nr, args) => check_call(nr, args, policy, &always)?,
            Op::Inject(nr, e, rate) => {
                let errno = Errno::all().nth(e % Errno::all().count()).unwrap();
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

/// Every result is a valid encoding: a named errno, `ENOSYS` for an unknown number, `EPERM`
/// outside the promises, the injected errno when every attempt is injected.
fn check_call(
    nr: usize,
    args: [usize; 6],
    policy: &Policy,
    rules: &HashMap<usize, (Errno, bool)>,
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
