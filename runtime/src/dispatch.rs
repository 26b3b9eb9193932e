//! The portable dispatch entry every architecture's trap path calls.

use crate::policy::{self, Policy};
use crate::table::Index;
use crate::{Errno, SyscallArgs, SyscallDesc, kernel, table, trace};

/// Runs the handler registered for `nr` with the six argument words and returns the value for
/// the return register: the result (≥ 0), or `-errno` in `-4095..=-1`.
///
/// The table is the current thread's ([`crate::table::select`]; the native one unless a kernel
/// selected another), found with one load. Unknown and out-of-range numbers return `-ENOSYS`
/// and are counted per table ([`crate::table::SyscallTable::unknown_numbers`]); a category the
/// current process did not promise returns `-EPERM` ([`crate::policy`]; the policy is the
/// kernel's [`Kernel::policy`](crate::Kernel::policy)). No lock, no allocation, no search.
#[inline]
pub fn dispatch(nr: usize, args: [usize; 6]) -> isize {
    dispatch_saved(nr, &SyscallArgs(args))
}

/// [`dispatch`] with the argument words where the trap entry saved them (in its frame), so
/// they are not copied again on the way to the thunk.
#[inline(always)]
pub(crate) fn dispatch_saved(nr: usize, args: &SyscallArgs) -> isize {
    // The kernel's policy first, while no argument is live across the call.
    route(kernel::policy(), nr, args)
}

/// [`dispatch`] under `policy` instead of the current thread's: the test runner's probes.
#[cfg(feature = "test-runner")]
pub(crate) fn dispatch_under(policy: &'static Policy, nr: usize, args: [usize; 6]) -> isize {
    route(policy, nr, &SyscallArgs(args))
}

/// Finds the handler of `nr` and calls it if `policy` promises its category.
#[inline(always)]
fn route(policy: &'static Policy, nr: usize, args: &SyscallArgs) -> isize {
    let table = table::installed();
    let Some(index) = Index::of(nr) else {
        return miss(args, nr, policy);
    };
    // The empty slot's miss takes the number from the clamped index, so the original need
    // not stay live beside it.
    match table.slot(index) {
        Some(desc) => call(policy, desc, args),
        None => miss(args, index.nr(), policy),
    }
}

/// A number with no handler, or a thread's first call (its placeholder table misses). The
/// arguments come first, where the entry passed them, so none moves on the way here.
#[cold]
#[inline(never)]
fn miss(args: &SyscallArgs, nr: usize, policy: &'static Policy) -> isize {
    let table = table::current_built();
    if let Some(desc) = table.get(nr) {
        return call(policy, desc, args);
    }
    let owner = table.owner();
    owner.count_unknown(nr);
    let ret = Errno::ENOSYS.to_ret();
    trace::hook_unknown(owner, nr, args, ret);
    ret
}

/// What [`dispatch`] does once it has found `desc`: the policy bit test, then the thunk.
#[inline(always)]
pub(crate) fn call(policy: &Policy, desc: &'static SyscallDesc, args: &SyscallArgs) -> isize {
    if policy.allows(desc.category) {
        (desc.thunk)(args)
    } else {
        policy::refuse(policy, desc, args)
    }
}
