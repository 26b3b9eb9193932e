//! Per-syscall counts of what the restart decision did: restarts (either kind) and `EINTR`
//! returns. Lock-free; the error report prints them.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use super::restart::Action;
use crate::MAX_SYSCALLS;

static RESTARTS: [AtomicU64; MAX_SYSCALLS] = [const { AtomicU64::new(0) }; MAX_SYSCALLS];
static INTERRUPTS: [AtomicU64; MAX_SYSCALLS] = [const { AtomicU64::new(0) }; MAX_SYSCALLS];

/// Counts `action` for syscall `nr` (numbers past the table are not counted).
pub(super) fn record(nr: usize, action: Action) {
    let counters = match action {
        Action::Restart | Action::RestartBlock => &RESTARTS,
        Action::Interrupt => &INTERRUPTS,
        Action::Return => return,
    };
    if let Some(count) = counters.get(nr) {
        count.fetch_add(1, Relaxed);
    }
}

/// How many times syscall `nr` was restarted after a signal.
pub fn restarts(nr: usize) -> u64 {
    RESTARTS.get(nr).map_or(0, |c| c.load(Relaxed))
}

/// How many times syscall `nr` returned `EINTR` because a signal handler ran.
pub fn interrupts(nr: usize) -> u64 {
    INTERRUPTS.get(nr).map_or(0, |c| c.load(Relaxed))
}
