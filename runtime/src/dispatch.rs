//! The portable dispatch entry every architecture's trap path calls.

use crate::{Errno, SyscallArgs, SyscallDesc, policy, table, trace};

/// Runs the handler registered for `nr` with the six argument words and returns the value for
/// the return register: the result (≥ 0), or `-errno` in `-4095..=-1`.
///
/// Unknown and out-of-range numbers return `-ENOSYS` and are counted
/// ([`crate::table::unknown_calls`]); a category the current process did not promise returns
/// `-EPERM` ([`crate::policy`]). No lock, no allocation, no search.
#[inline]
pub fn dispatch(nr: usize, args: [usize; 6]) -> isize {
    dispatch_saved(nr, &SyscallArgs(args))
}

/// [`dispatch`] with the argument words where the trap entry saved them (in its frame), so
/// they are not copied again on the way to the thunk.
#[inline(always)]
pub(crate) fn dispatch_saved(nr: usize, args: &SyscallArgs) -> isize {
    match table::installed().get(nr) {
        Some(desc) => call(desc, args),
        None => miss(nr, args),
    }
}

/// A number with no handler, or the first call before [`crate::init`] built the table.
#[cold]
#[inline(never)]
fn miss(nr: usize, args: &SyscallArgs) -> isize {
    if let Some(desc) = table::table().get(nr) {
        return call(desc, args);
    }
    table::count_unknown();
    let ret = Errno::ENOSYS.to_ret();
    trace::hook_unknown(nr, args, ret);
    ret
}

/// What [`dispatch`] does once it has found `desc`: the policy bit test, then the thunk.
#[inline(always)]
pub(crate) fn call(desc: &'static SyscallDesc, args: &SyscallArgs) -> isize {
    if policy::allows(desc.category) {
        (desc.thunk)(args)
    } else {
        policy::refuse(desc, args)
    }
}
