//! Signals and system-call restart: the parts every kernel with signals needs on its exit
//! path, after Linux's `kernel/signal.c` and `arch/*/kernel/signal.c`.
//!
//! - [`restart`]: what becomes of a syscall interrupted by a signal (restart errnos in, a
//!   restart or `EINTR` out), applied to the saved frame;
//! - [`SignalFrame`] and the per-architecture [`context`]s: the frame written on the user stack
//!   before a handler runs, read back and checked by `rt_sigreturn`, which refuses any frame
//!   that would return to kernel mode or set privileged status bits ([`Forged`]);
//! - per-syscall counts of restarts and `EINTR` returns, printed by the error report.
//!
//! The signal state itself (pending and blocked sets, dispositions) is the kernel's. It tells
//! the runtime that the current thread has a signal pending through
//! [`Kernel::signal_pending`](crate::Kernel::signal_pending), so `retry` and
//! `backoff` recovery never retry `EINTR` or a restart errno in the kernel while a signal
//! waits for delivery. On bare metal `arch::<arch>::signal` converts between the saved frame
//! and the context, enters handlers and restores contexts.

use core::ops::Range;

use crate::Errno;

pub mod context;
mod frame;
pub mod restart;
mod stats;

pub use context::{Forged, UserContext};
pub use frame::SignalFrame;
pub use restart::{Action, Disposition, SyscallRegisters};
pub use stats::{interrupts, restarts};

/// A user handler to enter for one signal, as the kernel's `sigaction` state says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The signal number, the handler's first argument.
    pub signo: u64,
    /// The handler's address.
    pub handler: u64,
    /// The restorer the handler returns to; it calls `rt_sigreturn`.
    pub restorer: u64,
    /// The blocked-signal mask to restore when the handler returns (saved in the frame).
    pub saved_mask: u64,
}

impl Delivery {
    /// Writes the [`SignalFrame`] of this delivery, saving `context`, below the context's stack
    /// pointer; returns its address, the handler's stack pointer. `EFAULT` as
    /// [`SignalFrame::push`].
    pub fn push_frame<C: UserContext>(
        &self,
        context: C,
        user: &Range<usize>,
    ) -> Result<u64, Errno> {
        SignalFrame::new(self.restorer, self.signo, self.saved_mask, context).push(user)
    }
}
