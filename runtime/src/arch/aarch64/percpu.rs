//! The per-CPU areas, found through `TPIDR_EL1` (EL0 can neither read nor write it).

use core::cell::UnsafeCell;

use crate::cpu::MAX_CPUS;
use crate::thread::Thread;

/// One CPU's state.
#[repr(C, align(64))]
pub struct PerCpu {
    /// This CPU's number.
    cpu: u64,
    /// The byte offset of this CPU's counter shard in every syscall's statistics.
    shard: u64,
    /// The current thread ([`crate::thread::current`]), null before the first switch.
    current: *const Thread,
}

/// The areas, one per CPU, each on its own cache line.
struct Areas([UnsafeCell<PerCpu>; MAX_CPUS]);

// SAFETY: each area is written only by its own CPU, in `install` before it takes syscalls and
// in `set_current_thread` with interrupts masked.
unsafe impl Sync for Areas {}

static AREAS: Areas = Areas(
    [const {
        UnsafeCell::new(PerCpu {
            cpu: 0,
            shard: 0,
            current: core::ptr::null(),
        })
    }; MAX_CPUS],
);

/// Points this CPU's `TPIDR_EL1` at area `cpu`.
///
/// # Safety
/// See [`crate::cpu::init_cpu`]; `cpu < MAX_CPUS`.
pub(crate) unsafe fn install(cpu: usize) {
    let area = AREAS.0[cpu].get();
    // SAFETY: this CPU's own area, before it takes syscalls; TPIDR_EL1 is the kernel's.
    unsafe {
        (*area).cpu = cpu as u64;
        (*area).shard = crate::perf::shard_offset(cpu) as u64;
        core::arch::asm!("msr tpidr_el1, {}", in(reg) area, options(nostack, preserves_flags));
    }
}

/// This CPU's number: two loads (`TPIDR_EL1`, then the area).
#[inline(always)]
pub(crate) fn id() -> usize {
    // SAFETY: after `install` the area is this CPU's.
    unsafe { (*area()).cpu as usize }
}

/// This CPU's counter-shard offset ([`crate::perf::shard_offset`]): two loads, as for `id`.
#[inline(always)]
pub(crate) fn shard_offset() -> usize {
    // SAFETY: as for `id`.
    unsafe { (*area()).shard as usize }
}

/// This CPU's area (after `install`).
#[inline(always)]
fn area() -> *mut PerCpu {
    let area: *mut PerCpu;
    // SAFETY: reading TPIDR_EL1 has no side effects.
    unsafe {
        core::arch::asm!("mrs {}, tpidr_el1", out(reg) area, options(nomem, nostack, preserves_flags))
    };
    area
}

/// The current thread: one load from the area.
#[inline(always)]
pub(crate) fn current_thread() -> *const Thread {
    // SAFETY: after `install` the area is this CPU's; only this CPU writes the slot.
    unsafe { (*area()).current }
}

/// Makes `thread` this CPU's current thread.
///
/// # Safety
/// See [`crate::thread::set_current`].
#[inline(always)]
pub(crate) unsafe fn set_current_thread(thread: &'static Thread) {
    // SAFETY: this CPU's own area, with interrupts masked (the caller's contract).
    unsafe { (*area()).current = thread };
}
