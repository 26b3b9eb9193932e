//! Recovery policies declared with `recovery = "…"` and executed by the generated thunk.

use crate::{Errno, SyscallArgs, SyscallDesc};

/// The default number of attempts after the first for `retry` and `free_memory`.
pub const DEFAULT_RETRIES: u8 = 3;

/// What a thunk does when its handler returns an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Return the error as is.
    None,
    /// Retry up to `retries` times, re-decoding the arguments, on transient errors only.
    Retry {
        /// Attempts after the first.
        retries: u8,
    },
    /// Retry transient errors after waiting `base_us`, doubling up to `cap_us`.
    Backoff {
        /// Attempts after the first.
        retries: u8,
        /// The first wait, in microseconds.
        base_us: u32,
        /// The longest wait, in microseconds.
        cap_us: u32,
    },
    /// On `ENOMEM`, ask the platform to reclaim memory, then retry.
    FreeMemory {
        /// Attempts after the first.
        retries: u8,
    },
    /// Call the named compatibility handler with the same arguments.
    Fallback {
        /// The path of the compatibility handler as written.
        handler: &'static str,
    },
    /// Ask the platform to terminate the calling process, then return the error.
    Terminate,
    /// Retry with elevated privilege if the platform allows it for the caller.
    Escalate,
}

impl Recovery {
    /// The strategy name used in the attribute (`"retry"`).
    pub const fn name(&self) -> &'static str {
        match self {
            Recovery::None => "none",
            Recovery::Retry { .. } => "retry",
            Recovery::Backoff { .. } => "backoff",
            Recovery::FreeMemory { .. } => "free_memory",
            Recovery::Fallback { .. } => "fallback",
            Recovery::Terminate => "terminate",
            Recovery::Escalate => "escalate",
        }
    }
}

/// Runs `desc.recovery` after `call` failed with `errno`; returns the final result.
#[inline]
pub(crate) fn recover<F, G>(
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
    match desc.recovery {
        Recovery::Retry { retries } => {
            let mut last = errno;
            for _ in 0..retries {
                if !last.is_transient() {
                    break;
                }
                match call(args) {
                    Ok(v) => return Ok(v),
                    Err(e) => last = e,
                }
            }
            Err(last)
        }
        Recovery::Fallback { .. } => match fallback {
            Some(f) => f(args),
            None => Err(errno),
        },
        _ => Err(errno),
    }
}
