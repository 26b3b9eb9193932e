//! Which call-counter shard the current syscall updates.
//!
//! Each [`SyscallStats`](super::SyscallStats) keeps its call count and the total, extremes and
//! histogram of its sampled latencies in [`SHARDS`] cache-line pairs: shard `1 + id` belongs to
//! CPU `id` and is updated with plain loads and stores (no `lock` prefix); shard 0 is shared and
//! updated with atomic read-modify-writes. Readers combine the shards.
//!
//! On bare metal the CPU comes from the runtime's own per-CPU area ([`crate::cpu::id`], one
//! load through a register user code cannot change): no setup call beyond
//! [`crate::cpu::init_cpu`], which every CPU makes before its first syscall, and every CPU up to
//! [`MAX_CPUS`] has a shard of its own. Hosted builds take the id from the registered kernel's
//! [`Kernel::cpu_id`](crate::Kernel::cpu_id) (the host kernel: one per thread while ids last);
//! any id past the private shards selects the shared one.
//!
//! # Why the counts stay exact
//! An id is owned by one CPU at a time, and the instructions that read it and update its
//! shard run with interrupts masked: sysgate's entries keep them masked through dispatch, so
//! nothing can preempt or migrate the thread in between, nor start a second count on the CPU.
//! (A kernel that enables interrupts inside handlers keeps them masked around the thunk's
//! bookkeeping, or loses that guarantee.)

use crate::cpu::MAX_CPUS;

/// Call-counter shards per syscall: one per CPU, and one shared.
pub const SHARDS: usize = MAX_CPUS + 1;

/// The shared shard, for contexts past the private ids.
pub(super) const SHARED: usize = 0;

/// The current CPU's private shard (`1..SHARDS`), or `None` for the shared one: one load of
/// the CPU's number and one compare.
#[inline(always)]
pub(super) fn private() -> Option<usize> {
    let id = cpu();
    (id < SHARDS - 1).then(|| of(id))
}

/// The shard of CPU (or host thread) `id`.
pub(super) const fn of(id: usize) -> usize {
    id + 1
}

#[cfg(target_os = "none")]
#[inline(always)]
fn cpu() -> usize {
    let id = crate::cpu::id();
    // SAFETY: `init_cpu` refuses numbers from MAX_CPUS on, and a CPU takes syscalls only after
    // it; so every CPU has a private shard, and the count needs no bounds check.
    unsafe { core::hint::assert_unchecked(id < MAX_CPUS) };
    id
}

#[cfg(not(target_os = "none"))]
#[inline(always)]
fn cpu() -> usize {
    crate::kernel::cpu_id()
}
