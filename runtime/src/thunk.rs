//! The body every generated thunk inlines: call, recover, record, encode, trace.

use crate::switches::{self, ARMED, COUNT, PLAIN};
use crate::{Errno, SyscallArgs, SyscallDesc, error, kernel, recovery, ret};

#[cfg(feature = "instrument")]
use crate::perf::Probe;

/// Runs one syscall for a generated thunk.
///
/// `call` decodes the arguments and runs the handler; `fallback` is the compatibility handler
/// for `recovery = "fallback"`. Generated code calls this; it is not meant to be called by hand.
///
/// It reads the hot-path word (`switches`) once. With only counting on, one branch
/// leads to the plain path: count, call, encode (a failed call leaves it for recovery out of
/// line); a `fast` handler, or instrumentation off, takes it uncounted after a second. Tracing
/// or injection armed takes the full path, out of line.
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
    let word = switches::load();
    let instrumented = cfg!(feature = "instrument") && !desc.fast;
    if instrumented && word & PLAIN == COUNT {
        #[cfg(feature = "instrument")]
        let probe = Probe::counting(desc, word);
        return plain(
            desc,
            args,
            &call,
            fallback.as_ref(),
            #[cfg(feature = "instrument")]
            probe,
        );
    }
    if word & ARMED == 0 {
        return plain(
            desc,
            args,
            &call,
            fallback.as_ref(),
            #[cfg(feature = "instrument")]
            Probe::OFF,
        );
    }
    armed(word, desc, args, &call, fallback.as_ref())
}

/// Call, encode, and record under `probe`; a failed call leaves for recovery out of line.
#[inline(always)]
fn plain<F, G>(
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    call: &F,
    fallback: Option<&G>,
    #[cfg(feature = "instrument")] probe: Probe,
) -> isize
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    match call(args) {
        Ok(value) => {
            #[cfg(feature = "instrument")]
            probe.finish(desc.stats, None);
            ret::encode(Ok(value))
        }
        Err(errno) => {
            let result = on_error(desc, args, errno, call, fallback);
            #[cfg(feature = "instrument")]
            probe.finish(desc.stats, result.err());
            ret::encode(result)
        }
    }
}

/// The path with tracing or injection armed, out of line; every check looks at the `word` the
/// thunk read.
#[inline(never)]
fn armed<F, G>(
    word: u64,
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    call: &F,
    fallback: Option<&G>,
) -> isize
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    #[cfg(feature = "instrument")]
    let probe = Probe::start(desc, word);
    // Without the `inject` feature there is no check at all on this path.
    let call = |args: &SyscallArgs| {
        #[cfg(feature = "inject")]
        error::inject::check(word, desc.nr)?;
        call(args)
    };
    let mut result = call(args);
    if let Err(errno) = result {
        result = on_error(desc, args, errno, &call, fallback);
    }
    #[cfg(feature = "instrument")]
    probe.finish(desc.stats, result.err());
    let ret = ret::encode(result);
    crate::trace::hook(word, desc, args, ret);
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
    let pid = kernel::current_pid();
    let attempt = recovery::execute(desc.recovery, desc.nr, pid, args, errno, call, fallback);
    error::handler().record_syscall(desc, pid, args, errno, &attempt);
    attempt.result
}
