//! strace-style tracing: which calls were made, with what, and what they returned.
//!
//! When a syscall is traced its thunk records the number, the six argument words, the result
//! and a timestamp into a bounded lock-free ring ([`CAPACITY`] records, the newest kept) that
//! never allocates. Rendering happens at report time, from the declaration:
//!
//! ```text
//! write(fd=1, buf=0x4000120[21]) = 21
//! read(fd=3, buf=0x7ffd0[16]) = -1 EBADF (Bad file descriptor)
//! ```
//!
//! - [`enable`]/[`disable`]: trace every call (the global switch).
//! - [`trace_syscall`]: trace one syscall whatever the global switch.
//! - Off, a thunk pays nothing: the hot-path word's trace bit (`switches`) keeps it on
//!   its plain path.
//! - Handlers marked `fast` carry no instrumentation and are never traced; calls refused by the
//!   policy never reach a thunk and are not traced either. Numbers with no handler are traced
//!   (as `syscall_0x…(…) = -1 ENOSYS`) while the global switch is on.

mod record;
mod render;
mod ring;
mod switch;
mod value;

pub use record::TraceRecord;
pub use render::{Call, Timestamps, write_trace};
pub use switch::{disable, disable_all, enable, is_enabled, is_traced, trace_syscall};

use crate::table::SyscallTable;
use crate::{SyscallArgs, SyscallDesc};

/// How many records the ring holds; older ones are overwritten.
pub const CAPACITY: usize = 256;

static RING: ring::Ring<CAPACITY> = ring::Ring::new();

/// The thunk's hook, after the result is final, under the hot-path `word` it read.
#[inline(always)]
pub(crate) fn hook(word: u64, desc: &'static SyscallDesc, args: &SyscallArgs, ret: isize) {
    if !desc.fast && word & crate::switches::TRACE != 0 {
        record(crate::table::current_table(), desc.nr, args, ret);
    }
}

/// The dispatcher's hook for a number with no handler (traced by the global switch only).
#[inline(always)]
pub(crate) fn hook_unknown(
    table: &'static SyscallTable,
    nr: usize,
    args: &SyscallArgs,
    ret: isize,
) {
    if switch::armed() {
        record(table, nr, args, ret);
    }
}

/// The traced path, out of line so the thunk stays small.
#[inline(never)]
fn record(table: &'static SyscallTable, nr: usize, args: &SyscallArgs, ret: isize) {
    if is_traced(nr) {
        RING.push(&TraceRecord {
            seq: 0,
            table,
            nr,
            args: args.0,
            ret,
            timestamp: crate::perf::clock::now(),
        });
    }
}

/// The records held, oldest first.
pub fn records() -> impl Iterator<Item = TraceRecord> {
    RING.records()
}

/// Calls recorded since the last [`clear`], including those no longer held.
pub fn recorded() -> u64 {
    RING.pushed()
}

/// Calls recorded but no longer held (overwritten, or overtaken by a newer call before they
/// were stored). Once no call is being traced, `records().count() + lost() == recorded()`.
pub fn lost() -> u64 {
    RING.lost()
}

/// Empties the trace. Call it while nothing is traced.
pub fn clear() {
    RING.clear();
}
