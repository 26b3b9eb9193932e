//! Running one recovery strategy after a failed call.

use super::{Attempt, Outcome, Recovery, backoff_delay_us, escalate};
use crate::{Errno, SyscallArgs, kernel};

/// Runs `recovery` for syscall `nr` called by `pid` after `call(args)` failed with `errno`.
///
/// `call` is the handler (decoding included, so a retry re-validates the arguments);
/// `fallback` is the compatibility handler of `Recovery::Fallback`. An error the strategy does
/// not cover is returned as is with [`Outcome::NotAttempted`]. Allocates nothing, locks nothing.
pub fn execute<F, G>(
    recovery: Recovery,
    nr: usize,
    pid: u32,
    args: &SyscallArgs,
    errno: Errno,
    call: &F,
    fallback: Option<&G>,
) -> Attempt
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno> + ?Sized,
    G: Fn(&SyscallArgs) -> Result<usize, Errno> + ?Sized,
{
    if !recovery.covers(errno) {
        return Attempt::not_attempted(errno);
    }
    match recovery {
        Recovery::Retry { retries } => retry(retries, args, errno, call, |_| {}),
        Recovery::Backoff {
            retries,
            base_us,
            cap_us,
        } => retry(retries, args, errno, call, |i| {
            kernel::sleep_us(backoff_delay_us(base_us, cap_us, i));
        }),
        Recovery::FreeMemory { retries } => {
            let mut attempt = Attempt::gave_up(errno, 0);
            while attempt.retries < retries && attempt.result == Err(Errno::ENOMEM) {
                kernel::reclaim_memory();
                attempt = Attempt::from_result(call(args), attempt.retries + 1);
            }
            attempt
        }
        Recovery::Fallback { .. } => match fallback {
            Some(compat) => Attempt::from_result(compat(args), 1),
            None => Attempt::not_attempted(errno),
        },
        Recovery::Terminate => {
            kernel::terminate_process(pid, errno);
            Attempt {
                result: Err(errno),
                outcome: Outcome::Terminated,
                retries: 0,
            }
        }
        Recovery::Escalate => {
            if !kernel::may_escalate(pid, nr) {
                return Attempt {
                    result: Err(errno),
                    outcome: Outcome::Refused,
                    retries: 0,
                };
            }
            let _elevated = escalate::Elevated::enter();
            Attempt::from_result(call(args), 1)
        }
        Recovery::None => Attempt::not_attempted(errno),
    }
}

/// Calls again while the error is transient, at most `retries` times; `before(i)` runs before
/// the `i`-th retry (0-based).
fn retry<F>(
    retries: u8,
    args: &SyscallArgs,
    errno: Errno,
    call: &F,
    mut before: impl FnMut(u8),
) -> Attempt
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno> + ?Sized,
{
    let mut attempt = Attempt::gave_up(errno, 0);
    while attempt.retries < retries {
        match attempt.result {
            Err(e) if e.is_transient() => {}
            _ => break,
        }
        before(attempt.retries);
        attempt = Attempt::from_result(call(args), attempt.retries + 1);
    }
    attempt
}
