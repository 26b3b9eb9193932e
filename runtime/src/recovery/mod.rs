//! Recovery strategies declared with `recovery = "…"` and executed by the generated thunk.
//!
//! When a handler fails, its thunk runs the declared strategy once ([`execute`]; see
//! [`Recovery`] for what each covers) and returns the final result. Kernel services (sleep,
//! reclaim, terminate, capability check) come from the registered [`Kernel`](crate::Kernel).
//!
//! # Dependencies
//! `error` depends on `recovery` (it records strategies and outcomes, and
//! [`SyscallErrorHandler::execute_recovery`](crate::error::SyscallErrorHandler::execute_recovery)
//! runs one); `recovery` never calls into `error`. The thunk's error path (`crate::thunk`) runs
//! the strategy, then records the [`ErrorContext`](crate::error::ErrorContext) with its outcome
//! in the error log: the one place both meet.

mod backoff;
mod escalate;
mod outcome;
mod strategy;

pub use backoff::{backoff_delay_us, backoff_schedule};
pub use escalate::escalated;
pub use outcome::{Attempt, Outcome, StrategyStats};
pub use strategy::execute;

use crate::Errno;

/// The default number of attempts after the first for `retry`, `backoff` and `free_memory`.
pub const DEFAULT_RETRIES: u8 = 3;

/// What a thunk does when its handler returns an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Return the error as is.
    None,
    /// On a transient error (`EAGAIN`, `EINTR`, …), call again up to `retries` times,
    /// re-decoding the arguments from the registers each time; stops at the first
    /// non-transient error.
    Retry {
        /// Attempts after the first.
        retries: u8,
    },
    /// Like `Retry`, but waits through [`Kernel::sleep_us`](crate::Kernel::sleep_us)
    /// before each attempt: see [`backoff_delay_us`] for the schedule.
    Backoff {
        /// Attempts after the first.
        retries: u8,
        /// The first wait, in microseconds.
        base_us: u32,
        /// The longest wait, in microseconds.
        cap_us: u32,
    },
    /// On `ENOMEM`, ask the kernel to reclaim memory, then call again; once per attempt.
    FreeMemory {
        /// Attempts after the first.
        retries: u8,
    },
    /// On any error, call the named compatibility handler once with the same arguments.
    Fallback {
        /// The path of the compatibility handler as written.
        handler: &'static str,
    },
    /// On any error, ask the kernel to terminate the calling process, then return the error.
    Terminate,
    /// On a permission error (`EPERM`, `EACCES`), call again once with elevated privilege
    /// ([`escalated`] is true during that call) if
    /// [`Kernel::may_escalate`](crate::Kernel::may_escalate) allows it for the
    /// caller. Denied by default; refused and granted attempts are both logged.
    Escalate,
}

/// A recovery strategy without its parameters: a compact tag for logs and statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Strategy {
    /// `"none"`.
    None,
    /// `"retry"`.
    Retry,
    /// `"backoff"`.
    Backoff,
    /// `"free_memory"`.
    FreeMemory,
    /// `"fallback"`.
    Fallback,
    /// `"terminate"`.
    Terminate,
    /// `"escalate"`.
    Escalate,
}

impl Strategy {
    /// Every strategy, in tag order.
    pub const ALL: [Strategy; 7] = [
        Strategy::None,
        Strategy::Retry,
        Strategy::Backoff,
        Strategy::FreeMemory,
        Strategy::Fallback,
        Strategy::Terminate,
        Strategy::Escalate,
    ];

    /// The strategy name used in the attribute (`"retry"`).
    pub const fn name(self) -> &'static str {
        match self {
            Strategy::None => "none",
            Strategy::Retry => "retry",
            Strategy::Backoff => "backoff",
            Strategy::FreeMemory => "free_memory",
            Strategy::Fallback => "fallback",
            Strategy::Terminate => "terminate",
            Strategy::Escalate => "escalate",
        }
    }

    /// The strategy with tag `tag` (`self as u8`), if any.
    pub const fn from_tag(tag: u8) -> Option<Strategy> {
        if (tag as usize) < Self::ALL.len() {
            Some(Self::ALL[tag as usize])
        } else {
            None
        }
    }
}

impl Recovery {
    /// The strategy name used in the attribute (`"retry"`).
    pub const fn name(&self) -> &'static str {
        self.strategy().name()
    }

    /// The strategy without its parameters.
    pub const fn strategy(&self) -> Strategy {
        match self {
            Recovery::None => Strategy::None,
            Recovery::Retry { .. } => Strategy::Retry,
            Recovery::Backoff { .. } => Strategy::Backoff,
            Recovery::FreeMemory { .. } => Strategy::FreeMemory,
            Recovery::Fallback { .. } => Strategy::Fallback,
            Recovery::Terminate => Strategy::Terminate,
            Recovery::Escalate => Strategy::Escalate,
        }
    }

    /// Whether this strategy acts on `errno` (see each variant for what it covers).
    pub fn covers(&self, errno: Errno) -> bool {
        match self {
            Recovery::None => false,
            Recovery::Retry { .. } | Recovery::Backoff { .. } => errno.is_transient(),
            Recovery::FreeMemory { .. } => errno == Errno::ENOMEM,
            Recovery::Fallback { .. } | Recovery::Terminate => true,
            Recovery::Escalate => errno == Errno::EPERM || errno == Errno::EACCES,
        }
    }
}
