//! The statistics slot each handler owns.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::Errno;

/// Lock-free counters for one syscall, updated by its thunk.
#[derive(Debug)]
pub struct SyscallStats {
    calls: AtomicU64,
    errors: AtomicU64,
}

impl SyscallStats {
    /// Zeroed statistics.
    pub const fn new() -> Self {
        SyscallStats {
            calls: AtomicU64::new(0),
            errors: AtomicU64::new(0),
        }
    }

    /// Counts one completed call.
    #[inline(always)]
    pub fn record(&self, result: &Result<usize, Errno>) {
        self.calls.fetch_add(1, Relaxed);
        if result.is_err() {
            self.errors.fetch_add(1, Relaxed);
        }
    }

    /// Calls made so far.
    pub fn calls(&self) -> u64 {
        self.calls.load(Relaxed)
    }

    /// Calls that returned an error.
    pub fn errors(&self) -> u64 {
        self.errors.load(Relaxed)
    }
}

impl Default for SyscallStats {
    fn default() -> Self {
        Self::new()
    }
}
