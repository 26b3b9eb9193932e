//! The body every generated thunk inlines: call, recover, record, encode, trace.

use crate::switches;
use crate::{Errno, SyscallArgs, SyscallDesc, error, kernel, recovery, ret};

#[cfg(feature = "instrument")]
use crate::perf::{self, Probe, Timer, control};

/// Runs one syscall for a generated thunk.
///
/// `call` decodes the arguments and runs the handler; `fallback` is the compatibility handler
/// for `recovery = "fallback"`. Generated code calls this; it is not meant to be called by hand.
///
/// It reads the hot-path word (`switches`) once. In the default state (count, sample, every
/// syscall's own switch on, nothing armed) one compare of the word leads to the counting path:
/// the count, the sampling test, the handler; the sampled call and a failed one leave it out of
/// line, so nothing of the bookkeeping is kept across the handler. A `fast` handler tests the
/// word's armed bit and calls the handler uncounted, as does instrumentation off after one more
/// test. With latencies untimed or some syscall's switch off, a counting thunk checks its own
/// switch first. Tracing or injection armed takes the full path, out of line.
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
    #[cfg(feature = "instrument")]
    if !desc.fast && switches::counting(word) {
        return counted(desc, args, call, fallback, Some(word));
    }
    if switches::armed(word) {
        return armed(word, desc, args, call, fallback);
    }
    #[cfg(feature = "instrument")]
    if !desc.fast && control::counts(word) && desc.stats.is_enabled() {
        // Not the default: latencies untimed, or some syscall's switch off (not this one's).
        let sampling = control::timed(word).then_some(word);
        return counted(desc, args, call, fallback, sampling);
    }
    plain(desc, args, call, fallback, false)
}

/// Counts the call and runs it; `sampling` is the word whose mask picks the timed calls, `None`
/// when none is.
#[cfg(feature = "instrument")]
#[inline(always)]
fn counted<F, G>(
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    call: F,
    fallback: Option<G>,
    sampling: Option<u64>,
) -> isize
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    let seq = perf::count(desc.stats);
    if let Some(word) = sampling
        && control::sampled(word, seq)
    {
        return sampled(desc, args, call, fallback);
    }
    plain(desc, args, call, fallback, true)
}

/// Calls and encodes; a failed call leaves for recovery (and its error count, if `counted`) out
/// of line.
#[inline(always)]
fn plain<F, G>(
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    call: F,
    fallback: Option<G>,
    counted: bool,
) -> isize
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    match call(args) {
        Ok(value) => ret::encode(Ok(value)),
        Err(errno) => failed(desc, args, errno, call, fallback, counted),
    }
}

/// A call of the plain path that failed: recovery, then the error count if the call was
/// `counted`.
#[cold]
#[inline(never)]
fn failed<F, G>(
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    errno: Errno,
    call: F,
    fallback: Option<G>,
    counted: bool,
) -> isize
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    let result = on_error(desc, args, errno, &call, fallback.as_ref());
    #[cfg(feature = "instrument")]
    if counted && let Err(errno) = result {
        perf::count_error(desc.stats, errno);
    }
    #[cfg(not(feature = "instrument"))]
    let _ = counted;
    ret::encode(result)
}

/// The sampled call of the counting path, out of line: timed, with its recovery.
#[cfg(feature = "instrument")]
#[cold]
#[inline(never)]
fn sampled<F, G>(
    desc: &'static SyscallDesc,
    args: &SyscallArgs,
    call: F,
    fallback: Option<G>,
) -> isize
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno>,
    G: Fn(&SyscallArgs) -> Result<usize, Errno>,
{
    let timer = Timer::start();
    let mut result = call(args);
    if let Err(errno) = result {
        result = on_error(desc, args, errno, &call, fallback.as_ref());
    }
    timer.finish(desc.stats, result.err());
    // Hidden from the optimiser: a handler whose result is a constant would otherwise have it
    // propagated into the caller, which then calls this instead of jumping to it and needs a
    // stack frame on its counting path.
    crate::opaque::opaque(ret::encode(result) as usize) as isize
}

/// The path with tracing or injection armed, out of line; every check looks at the `word` the
/// thunk read.
#[inline(never)]
fn armed<F, G>(
    word: u64,
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
    let probe = Probe::start(desc, word);
    // Without the `inject` feature there is no check at all on this path.
    let call = |args: &SyscallArgs| {
        #[cfg(feature = "inject")]
        error::inject::check(word, desc.nr)?;
        call(args)
    };
    let mut result = call(args);
    if let Err(errno) = result {
        result = on_error(desc, args, errno, &call, fallback.as_ref());
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
