//! The kernel services sysgate asks for.

use core::ops::Range;
use core::sync::atomic::{AtomicU16, Ordering::Relaxed};

use sysgate::Errno;
use sysgate::platform::Platform;

use crate::{arch, heap};

/// The pid of the one user program.
pub const USER_PID: u32 = 1;

/// `sethostname`: the one syscall the user program may escalate.
pub const SETHOSTNAME: usize = 170;

/// The errno of a termination the platform ordered during the current syscall (0: none).
static TERMINATION: AtomicU16 = AtomicU16::new(0);

/// Takes the termination ordered during the syscall that just ran, if any. The architecture
/// calls this before returning to user mode and ends the program if it gets one.
pub fn take_termination() -> Option<Errno> {
    // A plain load first: after almost every syscall there is none, and nothing is written.
    if TERMINATION.load(Relaxed) == 0 {
        return None;
    }
    Errno::new(TERMINATION.swap(0, Relaxed))
}

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

    /// Ends the process when the syscall returns (see [`take_termination`]).
    fn terminate_process(&self, pid: u32, errno: Errno) {
        crate::println!("terminating pid {pid}: {errno:?}");
        TERMINATION.store(errno.code(), Relaxed);
    }

    fn may_escalate(&self, pid: u32, nr: usize) -> bool {
        pid == USER_PID && nr == SETHOSTNAME
    }

    fn user_range(&self) -> Range<usize> {
        arch::USER_REGION
    }
}
