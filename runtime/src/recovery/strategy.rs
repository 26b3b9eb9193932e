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
        Recovery::Retry { retries } => {
            retry(retries, args, errno, call, &kernel::signal_pending, |_| {})
        }
        Recovery::Backoff {
            retries,
            base_us,
            cap_us,
        } => retry(retries, args, errno, call, &kernel::signal_pending, |i| {
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
/// the `i`-th retry (0-based). An interruption (`EINTR`, a restart errno) is not retried while
/// `signal_pending()` says the current thread has a signal to deliver: it must reach the exit
/// path, which delivers the signal.
fn retry<F>(
    retries: u8,
    args: &SyscallArgs,
    errno: Errno,
    call: &F,
    signal_pending: &dyn Fn() -> bool,
    mut before: impl FnMut(u8),
) -> Attempt
where
    F: Fn(&SyscallArgs) -> Result<usize, Errno> + ?Sized,
{
    if is_interruption(errno) && signal_pending() {
        return Attempt::not_attempted(errno);
    }
    let mut attempt = Attempt::gave_up(errno, 0);
    while attempt.retries < retries {
        match attempt.result {
            Err(e) if is_interruption(e) && signal_pending() => break,
            Err(e) if e.is_transient() => {}
            _ => break,
        }
        before(attempt.retries);
        attempt = Attempt::from_result(call(args), attempt.retries + 1);
    }
    attempt
}

/// `EINTR` or a restart errno: what a handler returns when a signal cut it short.
fn is_interruption(errno: Errno) -> bool {
    errno == Errno::EINTR || errno.is_restart()
}

#[cfg(test)]
mod tests {
    use core::cell::Cell;

    use super::*;

    /// Retries a call that fails with `errno` twice, then succeeds; returns the attempt and
    /// how many times the handler ran after the first failure.
    fn retried(errno: Errno, pending: bool) -> (Attempt, u32) {
        let calls = Cell::new(0);
        let call = |_: &SyscallArgs| {
            calls.set(calls.get() + 1);
            if calls.get() < 2 { Err(errno) } else { Ok(5) }
        };
        let attempt = retry(
            3,
            &SyscallArgs::default(),
            errno,
            &call,
            &|| pending,
            |_| {},
        );
        (attempt, calls.get())
    }

    #[test]
    fn interruptions_are_not_retried_while_a_signal_is_pending() {
        for errno in [
            Errno::EINTR,
            Errno::ERESTARTSYS,
            Errno::ERESTARTNOINTR,
            Errno::ERESTARTNOHAND,
            Errno::ERESTART_RESTARTBLOCK,
        ] {
            let (attempt, calls) = retried(errno, true);
            assert_eq!((attempt.result, attempt.retries, calls), (Err(errno), 0, 0));
            assert_eq!(attempt.outcome, Outcome::NotAttempted);
            let (attempt, _) = retried(errno, false);
            assert_eq!(
                attempt.result,
                Ok(5),
                "{errno:?} without a signal is retried"
            );
        }
    }

    #[test]
    fn other_transient_errors_are_retried_with_a_signal_pending() {
        let (attempt, calls) = retried(Errno::EAGAIN, true);
        assert_eq!((attempt.result, calls), (Ok(5), 2));
    }
}
