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

/// The current CPU's private shard (`1..SHARDS`), or `None` for the shared one: one call into
/// the kernel and one compare.
#[inline(always)]
pub(super) fn private() -> Option<usize> {
    let id = kernel::cpu_id();
    (id < SHARDS - 1).then_some(id + 1)
}
