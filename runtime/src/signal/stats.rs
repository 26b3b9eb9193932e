//! Per-syscall counts of what the restart decision did, per table: restarts (either kind) and
//! `EINTR` returns. Lock-free; the error report prints them.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use super::restart::Action;
use crate::MAX_SYSCALLS;
use crate::table::{self, MAX_TABLES, SyscallTable};

/// Per table slot ([`table::slot`]), per number.
type Counts = [[AtomicU64; MAX_SYSCALLS]; MAX_TABLES];

static RESTARTS: Counts = [const { [const { AtomicU64::new(0) }; MAX_SYSCALLS] }; MAX_TABLES];
static INTERRUPTS: Counts = [const { [const { AtomicU64::new(0) }; MAX_SYSCALLS] }; MAX_TABLES];

/// Counts `action` for syscall `nr` of `table` (a table without a slot, or a number past the
/// table, is not counted).
pub(super) fn record(table: &SyscallTable, nr: usize, action: Action) {
    let counters = match action {
        Action::Restart | Action::RestartBlock => &RESTARTS,
        Action::Interrupt => &INTERRUPTS,
        Action::Return => return,
    };
    if let Some(count) = table::slot(table).and_then(|s| counters[s].get(nr)) {
        count.fetch_add(1, Relaxed);
    }
}

fn count(counters: &Counts, table: &SyscallTable, nr: usize) -> u64 {
    table::slot(table)
        .and_then(|s| counters[s].get(nr))
        .map_or(0, |c| c.load(Relaxed))
}

/// How many times syscall `nr` of `table` was restarted after a signal.
pub fn restarts(table: &SyscallTable, nr: usize) -> u64 {
    count(&RESTARTS, table, nr)
}

/// How many times syscall `nr` of `table` returned `EINTR` because a signal handler ran.
pub fn interrupts(table: &SyscallTable, nr: usize) -> u64 {
    count(&INTERRUPTS, table, nr)
}
