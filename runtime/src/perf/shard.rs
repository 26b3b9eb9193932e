//! Which call-counter shard the current syscall updates.
//!
//! Each [`SyscallStats`](super::SyscallStats) keeps its call count and the total, extremes and
//! histogram of its sampled latencies in [`SHARDS`] cache-line pairs: shard `1 + id` belongs to
//! CPU `id` and is updated with plain loads and stores (no `lock` prefix); shard 0 is shared and
//! updated with atomic read-modify-writes. Readers combine the shards.
//!
//! On bare metal the shard comes from the runtime's own per-CPU area (its byte offset, stored
//! by [`crate::cpu::init_cpu`], one load through a register user code cannot change): no
//! setup call beyond `init_cpu`, which every CPU makes before its first syscall, and every CPU
//! up to [`MAX_CPUS`] has a shard of its own. Hosted builds take the id from the registered kernel's
//! [`Kernel::cpu_id`](crate::Kernel::cpu_id) (the host kernel: one per thread while ids last);
//! any id past the private shards selects the shared one.
//!
//! # Why the counts stay exact
//! An id is owned by one CPU at a time. The count is a load and a store with no blocking point
//! between them, and a scheduler switches threads only at a blocking point or on the return to
//! user mode ([`crate::thread`]), so nothing migrates the thread between the shard's lookup and
//! its store; an interrupt that comes between them may run, but never a syscall, so no second
//! count of the same shard interleaves. (A kernel that preempts threads inside the kernel
//! masks interrupts around the thunk's bookkeeping, or loses that guarantee.)

use crate::cpu::MAX_CPUS;

/// Call-counter shards per syscall: one per CPU, and one shared.
pub const SHARDS: usize = MAX_CPUS + 1;

/// The shared shard, for contexts past the private ids.
pub(super) const SHARED: usize = 0;

/// The current CPU's private shard (`1..SHARDS`), or `None` for the shared one: the host
/// thread's id and one compare (bare metal finds its shard through the CPU's area instead).
#[cfg(not(target_os = "none"))]
#[inline(always)]
pub(super) fn private() -> Option<usize> {
    let id = crate::kernel::cpu_id();
    (id < SHARDS - 1).then(|| of(id))
}

/// The shard of CPU (or host thread) `id`.
pub(super) const fn of(id: usize) -> usize {
    id + 1
}
