//! The body every generated thunk inlines: call, recover, record, encode, trace.

use crate::{Errno, SyscallArgs, SyscallDesc, error, recovery, ret};

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
    let call = |args: &SyscallArgs| {
        error::inject::check(desc.nr)?;
        call(args)
    };
    let mut result = call(args);
    if let Err(errno) = result {
        result = recovery::on_error(desc, args, errno, &call, fallback.as_ref());
    }
    #[cfg(feature = "instrument")]
    probe.finish(desc.stats, result.err());
    let ret = ret::encode(result);
    crate::trace::hook(desc, args, ret);
    ret
}
