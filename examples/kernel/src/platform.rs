//! The kernel services sysgate asks for.

use core::ops::Range;

use sysgate::platform::Platform;

use crate::{arch, heap};

/// The pid of the one user program.
pub const USER_PID: u32 = 1;

/// This kernel's [`Platform`].
pub struct Kernel;

impl Platform for Kernel {
    fn current_pid(&self) -> u32 {
        USER_PID
    }

    /// Cycle-counter ticks; exactly instructions (≈ ns) under `-icount shift=0`.
    fn now_ns(&self) -> u64 {
        arch::cycles()
    }

    fn sleep_us(&self, us: u64) {
        let until = arch::cycles().saturating_add(us.saturating_mul(1000));
        while arch::cycles() < until {
            core::hint::spin_loop();
        }
    }

    fn reclaim_memory(&self) -> usize {
        heap::reclaim()
    }

    fn user_range(&self) -> Range<usize> {
        arch::USER_REGION
    }
}
