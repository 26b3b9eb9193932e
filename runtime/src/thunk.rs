//! The body every generated thunk inlines: call, recover, record, encode, trace.

use crate::{Errno, SyscallArgs, SyscallDesc, error, platform, recovery, ret};

/// Runs one syscall for a generated thunk.
///
/// `call` decodes the arguments and runs the handler; `fallback` is the compatibility handler
/// for `recovery = "fallback"`. Generated code calls this; it is not meant to be called by hand.
#[inline(always)]
pub fn run<F, G>(
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    call: F,
    fallback: Option<G>,
) -> isize
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    #[cfg(feature = "instrument")]
    let probe = crate::perf::Probe::start(desc);
    // Without the `inject` feature there is no check at all on this path.
    let call = |args: &SyscallArgs| {
        #[cfg(feature = "inject")]
        error::inject::check(desc.nr)?;
        call(args)
    };
    let mut result = call(args);
    if let Err(errno) = result {
        result = on_error(desc, args, errno, &call, fallback.as_ref());
    }
    #[cfg(feature = "instrument")]
    probe.finish(desc.stats, result.err());
    let ret = ret::encode(result);
    crate::trace::hook(desc, args, ret);
    ret
}

/// The error path: runs `desc.recovery` after `call` failed with `errno`, records the error
/// context with the outcome, and returns the final result.
#[cold]
#[inline(never)]
fn on_error<F, G>(
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    errno: Errno,
    call: &F,
    fallback: Option<&G>,
) -> Result<usize, Errno>
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    let pid = platform::get().current_pid();
    let attempt = recovery::execute(desc.recovery, desc.nr, pid, args, errno, call, fallback);
    error::handler().record_syscall(desc, pid, args, errno, &attempt);
    attempt.result
}
