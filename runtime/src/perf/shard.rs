//! Which call-counter shard the current syscall updates.
//!
//! Each [`SyscallStats`](super::SyscallStats) keeps its call count in [`SHARDS`] cache-line
//! pairs. Shard 0 is shared and updated with an atomic add; shard `1 + id` belongs to the CPU
//! `id` named by the kernel's [`Kernel::cpu_id`](crate::Kernel::cpu_id) and is updated with a
//! plain load and store (no `lock` prefix). Readers sum the shards. Any id past the private
//! shards (`usize::MAX` by convention) selects the shared one.
//!
//! # What the kernel guarantees
//! An id in `0..SHARDS - 1` is owned by one CPU at a time, and a CPU does not start a second
//! instrumented call while one of its own is between reading and writing its shard (a kernel
//! guarantees this when syscalls on one CPU do not nest inside the counting step, for example
//! because an interrupt handler never dispatches a syscall and the thread is not migrated
//! mid-call).

use crate::kernel;

/// Call-counter shards per syscall: one shared, the others private to one CPU each.
pub const SHARDS: usize = 8;

/// The shard the current call counts in: 0 (shared, atomic add) or `1..SHARDS` (private).
#[inline(always)]
pub(super) fn current() -> usize {
    let shard = kernel::cpu_id().wrapping_add(1);
    if shard < SHARDS { shard } else { 0 }
}
