//! One recorded failure.

use crate::Errno;
use crate::recovery::{Outcome, Strategy};

/// Everything known about one failed syscall (or one error logged by hand).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorContext {
    /// The position in the log: 0 for the first entry logged, then 1, 2, …
    pub seq: u64,
    /// The syscall number, or `None` for an error logged outside a syscall.
    pub nr: Option<usize>,
    /// The syscall name (empty outside a syscall).
    pub name: &'static str,
    /// The calling process.
    pub pid: u32,
    /// The argument registers as passed.
    pub args: [usize; 6],
    /// The error of the first call.
    pub errno: Errno,
    /// The error returned after recovery, or `None` if recovery succeeded.
    pub final_errno: Option<Errno>,
    /// The kernel's clock ([`Kernel::now`](crate::Kernel::now), in
    /// [`perf::clock::unit`](crate::perf::clock::unit) ticks) when the failure was recorded.
    pub timestamp: u64,
    /// The recovery strategy declared for the syscall.
    pub strategy: Strategy,
    /// What the strategy came to.
    pub outcome: Outcome,
    /// Calls made after the first.
    pub retries: u8,
    /// A free-form description (from [`log_error`](super::SyscallErrorHandler::log_error)).
    pub detail: &'static str,
}

impl ErrorContext {
    /// A context for an error `errno` of process `pid` at `timestamp`, outside any syscall
    /// and without recovery; set the other fields as needed.
    pub const fn new(pid: u32, errno: Errno, timestamp: u64) -> ErrorContext {
        ErrorContext {
            seq: 0,
            nr: None,
            name: "",
            pid,
            args: [0; 6],
            errno,
            final_errno: Some(errno),
            timestamp,
            strategy: Strategy::None,
            outcome: Outcome::NotAttempted,
            retries: 0,
            detail: "",
        }
    }

    /// Whether the caller finally got a success.
    pub fn recovered(&self) -> bool {
        self.final_errno.is_none()
    }
}

/// The words one context is stored in by the ring log.
pub(super) const WORDS: usize = 14;

const NO_NR: u64 = u64::MAX;

impl ErrorContext {
    /// Packs the context (without `seq`) into plain words.
    pub(super) fn encode(&self) -> [u64; WORDS] {
        let final_code = self.final_errno.map_or(0, Errno::code);
        let mut w = [0u64; WORDS];
        w[0] = self.nr.map_or(NO_NR, |nr| nr as u64);
        w[1] = self.name.as_ptr() as u64;
        w[2] = self.name.len() as u64;
        w[3] = self.detail.as_ptr() as u64;
        w[4] = self.detail.len() as u64;
        w[5] =
            u64::from(self.pid) | u64::from(self.errno.code()) << 32 | u64::from(final_code) << 48;
        w[6] = self.strategy as u64 | (self.outcome as u64) << 8 | u64::from(self.retries) << 16;
        w[7] = self.timestamp;
        for (dst, src) in w[8..].iter_mut().zip(self.args) {
            *dst = src as u64;
        }
        w
    }

    /// Unpacks words written by [`ErrorContext::encode`].
    ///
    /// # Safety
    /// `w` holds exactly the words one call to `encode` produced (the strings are rebuilt from
    /// the pointers and lengths stored there).
    pub(super) unsafe fn decode(w: &[u64; WORDS], seq: u64) -> Option<ErrorContext> {
        // SAFETY: the words came from `encode` of `&'static str` values (caller's contract).
        let (name, detail) = unsafe { (static_str(w[1], w[2]), static_str(w[3], w[4])) };
        let mut args = [0usize; 6];
        for (dst, src) in args.iter_mut().zip(&w[8..]) {
            *dst = *src as usize;
        }
        Some(ErrorContext {
            seq,
            nr: (w[0] != NO_NR).then_some(w[0] as usize),
            name,
            pid: w[5] as u32,
            args,
            errno: Errno::new((w[5] >> 32) as u16)?,
            final_errno: Errno::new((w[5] >> 48) as u16),
            timestamp: w[7],
            strategy: Strategy::from_tag(w[6] as u8)?,
            outcome: Outcome::from_tag((w[6] >> 8) as u8)?,
            retries: (w[6] >> 16) as u8,
            detail,
        })
    }
}

/// # Safety
/// `ptr` and `len` come from one `&'static str`.
unsafe fn static_str(ptr: u64, len: u64) -> &'static str {
    // SAFETY: per the contract, this rebuilds a `&'static str` that existed.
    unsafe {
        core::str::from_utf8_unchecked(core::slice::from_raw_parts(
            ptr as usize as *const u8,
            len as usize,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let ctx = ErrorContext {
            seq: 9,
            nr: Some(7),
            name: "poll",
            pid: u32::MAX,
            args: [1, 2, 3, usize::MAX, 5, 6],
            errno: Errno::EAGAIN,
            final_errno: None,
            timestamp: 123,
            strategy: Strategy::Backoff,
            outcome: Outcome::Recovered,
            retries: 2,
            detail: "x",
        };
        // SAFETY: the words come from `encode`.
        assert_eq!(unsafe { ErrorContext::decode(&ctx.encode(), 9) }, Some(ctx));
        let outside = ErrorContext::new(3, Errno::EIO, 0);
        // SAFETY: the words come from `encode`.
        assert_eq!(
            unsafe { ErrorContext::decode(&outside.encode(), 0) },
            Some(outside)
        );
    }
}
