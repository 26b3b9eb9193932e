//! The kernel services sysgate asks for: this kernel's [`Kernel`] implementation, registered
//! with [`sysgate::kernel!`]. The architecture's entry hooks (exit work, traps) are implemented
//! for the same type under `arch/`.

use core::ops::Range;
use core::sync::atomic::{AtomicU16, Ordering::Relaxed};

use sysgate::thread::{self, Work};
use sysgate::{Errno, Kernel};

use crate::smp::MAX_CPUS;
use crate::{arch, heap};

/// The pid of the one user program.
pub const USER_PID: u32 = 1;

/// `sethostname`: a syscall the user program may escalate (with the threads'
/// [`crate::threads::ESCALATED_SLEEP`]).
pub const SETHOSTNAME: usize = 170;

/// The work bit of a thread whose process the kernel terminated during its syscall: the
/// thread's return to user mode ends the program instead ([`take_termination`]).
pub const TERMINATE: Work = Work::kernel(0);

/// Per CPU, the errno of a termination ordered during the syscall running there (0: none).
/// The syscall's own exit work takes it on the same CPU: nothing blocks between the order and
/// the return.
static TERMINATION: [AtomicU16; MAX_CPUS] = [const { AtomicU16::new(0) }; MAX_CPUS];

/// Takes the termination ordered during the syscall that just ran on this CPU, if any. The
/// exit work calls this when the thread's work has [`TERMINATE`], and ends the program if it
/// gets one.
pub fn take_termination() -> Option<Errno> {
    Errno::new(TERMINATION[sysgate::cpu::id()].swap(0, Relaxed))
}

/// This kernel, as sysgate sees it.
pub struct ExampleKernel;

impl Kernel for ExampleKernel {
    /// From sysgate's own per-CPU area.
    fn cpu_id() -> usize {
        sysgate::cpu::id()
    }

    fn current_pid() -> u32 {
        USER_PID
    }

    /// Spins on the cycle counter: one tick per instruction (≈ ns) under `-icount shift=0`.
    fn sleep_us(us: u64) {
        let until = arch::cycles().saturating_add(us.saturating_mul(1000));
        while arch::cycles() < until {
            core::hint::spin_loop();
        }
    }

    fn reclaim_memory() -> usize {
        heap::reclaim()
    }

    /// Ends the process when the syscall returns (see [`take_termination`]).
    fn terminate_process(pid: u32, errno: Errno) {
        crate::println!("terminating pid {pid}: {errno:?}");
        TERMINATION[sysgate::cpu::id()].store(errno.code(), Relaxed);
        if let Some(current) = thread::current() {
            current.raise(TERMINATE);
        }
    }

    fn may_escalate(pid: u32, nr: usize) -> bool {
        pid == USER_PID && (nr == SETHOSTNAME || nr == crate::threads::ESCALATED_SLEEP)
    }

    fn signal_pending() -> bool {
        crate::signals::pending()
    }

    fn user_range() -> Range<usize> {
        crate::linux::user_range()
    }
}

sysgate::kernel!(ExampleKernel);
