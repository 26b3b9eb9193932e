//! `SyscallErrorHandler`: the log, the counters, and the operations on them.

use super::messages::UserMessage;
use super::report::ErrorReport;
use super::{ErrorContext, ErrorStats, RingLog};
use crate::recovery::{self, Attempt, DEFAULT_RETRIES, Recovery, Strategy};
use crate::{Errno, ErrorKind, SyscallArgs, SyscallDesc, kernel};

/// Entries the global log keeps.
pub const LOG_CAPACITY: usize = 256;

/// The error log and statistics of the syscall layer.
///
/// Every method takes `&self` and is lock-free and allocation-free, so one `static` instance
/// serves every CPU: the generated thunks record into [`handler()`](super::handler). Separate
/// instances are for code that wants a log of its own.
pub struct SyscallErrorHandler {
    log: RingLog<LOG_CAPACITY>,
    stats: ErrorStats,
}

/// An operation [`SyscallErrorHandler::execute_recovery`] can call again.
pub type Operation<'a> = &'a dyn Fn(&SyscallArgs) -> Result<usize, Errno>;

/// What [`SyscallErrorHandler::execute_recovery`] runs.
pub struct RecoveryParams<'a> {
    /// The strategy to run, often [`SyscallErrorHandler::get_recovery_strategy`]'s answer.
    pub recovery: Recovery,
    /// The syscall number (for the capability check of `Escalate` and the statistics).
    pub nr: usize,
    /// The syscall name, for the log.
    pub name: &'static str,
    /// The arguments to call with again.
    pub args: SyscallArgs,
    /// The operation that failed; called again by retrying strategies.
    pub operation: Operation<'a>,
    /// The compatibility operation for `Fallback`.
    pub fallback: Option<Operation<'a>>,
}

impl SyscallErrorHandler {
    /// An empty handler.
    pub const fn new() -> Self {
        SyscallErrorHandler {
            log: RingLog::new(),
            stats: ErrorStats::new(),
        }
    }

    /// The log of recent failures.
    pub fn log(&self) -> &RingLog<LOG_CAPACITY> {
        &self.log
    }

    /// The counters per errno, per syscall and per strategy.
    pub fn stats(&self) -> &ErrorStats {
        &self.stats
    }

    /// Logs `ctx` and counts it; returns its sequence number in the log.
    pub fn record(&self, ctx: &ErrorContext) -> u64 {
        self.stats.record(ctx.nr, ctx.errno, ctx.recovered());
        if ctx.strategy != Strategy::None {
            self.stats.record_strategy(ctx.strategy, ctx.outcome);
        }
        self.log.log(ctx)
    }

    /// Records a failed call of `desc` and what its recovery came to.
    pub(crate) fn record_syscall(
        &self,
        desc: &'static SyscallDesc,
        pid: u32,
        args: &SyscallArgs,
        errno: Errno,
        attempt: &Attempt,
    ) {
        self.record(&ErrorContext {
            nr: Some(desc.nr),
            name: desc.name,
            args: args.0,
            final_errno: attempt.result.err(),
            strategy: desc.recovery.strategy(),
            outcome: attempt.outcome,
            retries: attempt.retries,
            ..self.create_error_context(pid, errno)
        });
    }

    /// A context for an error `errno` of process `pid`, stamped with the kernel's clock; fill
    /// in what is known and pass it to [`SyscallErrorHandler::record`].
    pub fn create_error_context(&self, pid: u32, errno: Errno) -> ErrorContext {
        ErrorContext::new(pid, errno, kernel::now())
    }

    /// Logs an error outside a syscall with a description; returns its sequence number.
    pub fn log_error(&self, errno: Errno, pid: u32, description: &'static str) -> u64 {
        self.record(&ErrorContext {
            detail: description,
            ..self.create_error_context(pid, errno)
        })
    }

    /// The strategy suited to `errno` when none was declared: backoff for transient errors,
    /// reclaim for `ENOMEM`, escalation (still subject to the capability check) for permission
    /// errors, the compatibility path for unsupported operations, termination for
    /// `ENOTRECOVERABLE`, and none otherwise.
    pub fn get_recovery_strategy(&self, errno: Errno) -> Recovery {
        match errno.kind() {
            ErrorKind::Transient => Recovery::Backoff {
                retries: DEFAULT_RETRIES,
                base_us: 100,
                cap_us: 10_000,
            },
            ErrorKind::OutOfMemory => Recovery::FreeMemory {
                retries: DEFAULT_RETRIES,
            },
            ErrorKind::Permission => Recovery::Escalate,
            ErrorKind::Unsupported => Recovery::Fallback {
                handler: "compatibility operation",
            },
            _ if errno == Errno::ENOTRECOVERABLE => Recovery::Terminate,
            _ => Recovery::None,
        }
    }

    /// Runs `params.recovery` for an operation of `pid` that failed with `errno`, logs the
    /// context with its outcome, and returns the attempt.
    pub fn execute_recovery(&self, errno: Errno, pid: u32, params: &RecoveryParams<'_>) -> Attempt {
        let attempt = recovery::execute(
            params.recovery,
            params.nr,
            pid,
            &params.args,
            errno,
            params.operation,
            params.fallback,
        );
        self.record(&ErrorContext {
            nr: Some(params.nr),
            name: params.name,
            args: params.args.0,
            final_errno: attempt.result.err(),
            strategy: params.recovery.strategy(),
            outcome: attempt.outcome,
            retries: attempt.retries,
            ..self.create_error_context(pid, errno)
        });
        attempt
    }

    /// The name, `strerror` text and explanation of `errno`, printable with `{}`.
    pub fn get_user_friendly_message(&self, errno: Errno) -> UserMessage {
        UserMessage(errno)
    }

    /// The detailed report: totals, top errors, per-syscall error rates, recovery outcomes and
    /// the newest entries, read when it is printed. Print it with `{}` as text or with `{}` of
    /// [`ErrorReport::json`] as JSON; neither allocates.
    pub fn generate_detailed_error_report(&self) -> ErrorReport<'_> {
        ErrorReport::new(self)
    }
}

impl Default for SyscallErrorHandler {
    fn default() -> Self {
        Self::new()
    }
}
