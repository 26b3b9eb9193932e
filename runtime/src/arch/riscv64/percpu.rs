//! The per-hart areas, found through the kernel's `tp`, as on Linux.
//!
//! In S-mode `tp` points at the hart's area and `sscratch` is 0; while U-mode runs `sscratch`
//! holds the area and `tp` is the user's (never trusted). The trap vector swaps them, so it
//! reaches the area — the frame of an entry from U-mode, a scratch slot for the
//! interrupted `sp` — before it touches memory, and restores the kernel's `tp`.

use core::cell::UnsafeCell;
use core::mem::offset_of;

use crate::cpu::MAX_CPUS;
use crate::thread::Thread;

/// One hart's entry state. The vectors address the fields by offset.
#[repr(C, align(64))]
pub struct PerCpu {
    /// Where the frame of a trap from U-mode goes: the top of the kernel stack (set by
    /// `enter_user` and `cpu::set_kernel_stack`; no trap changes it) less the frame.
    trap_frame: u64,
    /// Scratch slot: the interrupted `sp` while the vector switches stacks.
    saved_sp: u64,
    /// Scratch slot of the minimal benchmark entry.
    scratch: u64,
    /// This hart's CPU number.
    cpu: u64,
    /// The byte offset of this hart's counter shard in every syscall's statistics.
    shard: u64,
    /// The current thread ([`crate::thread::current`]), null before the first switch.
    current: *const Thread,
}

impl PerCpu {
    /// Offset of the trap frame's address.
    pub const TRAP_FRAME: usize = offset_of!(PerCpu, trap_frame);
    /// Offset of the interrupted `sp` slot.
    pub const SAVED_SP: usize = offset_of!(PerCpu, saved_sp);
    /// Offset of the minimal entry's scratch slot.
    pub const SCRATCH: usize = offset_of!(PerCpu, scratch);
    /// Offset of the current thread.
    pub const CURRENT: usize = offset_of!(PerCpu, current);
}

/// The areas, one per hart, each on its own cache line.
struct Areas([UnsafeCell<PerCpu>; MAX_CPUS]);

// SAFETY: each area is written only by its own hart (`install`, `set_current_thread`, its trap
// vector), with interrupts disabled or before it takes traps.
unsafe impl Sync for Areas {}

static AREAS: Areas = Areas(
    [const {
        UnsafeCell::new(PerCpu {
            trap_frame: 0,
            saved_sp: 0,
            scratch: 0,
            cpu: 0,
            shard: 0,
            current: core::ptr::null(),
        })
    }; MAX_CPUS],
);

/// Points this hart's `tp` at area `cpu`, with `sscratch` 0 (running in the kernel).
///
/// # Safety
/// See [`crate::cpu::init_cpu`]; `cpu < MAX_CPUS`. The kernel must leave `tp` alone from
/// then on (Rust code without thread-local storage does).
pub(crate) unsafe fn install(cpu: usize) {
    let area = AREAS.0[cpu].get();
    // SAFETY: this hart's own area, before it takes traps.
    unsafe {
        (*area).cpu = cpu as u64;
        (*area).shard = crate::perf::shard_offset(cpu) as u64;
        core::arch::asm!("mv tp, {}", "csrw sscratch, zero", in(reg) area, options(nostack));
    }
}

/// The word at `OFFSET` in this hart's area: one load through `tp`.
#[inline(always)]
fn load<const OFFSET: usize>() -> usize {
    let value: usize;
    // SAFETY: in S-mode `tp` is this hart's area (after `install`); the load has no side effects.
    unsafe {
        core::arch::asm!(
            "ld {}, {offset}(tp)",
            out(reg) value,
            offset = const OFFSET,
            options(nostack, readonly, preserves_flags),
        )
    };
    value
}

/// This hart's CPU number: one load through `tp`.
#[inline(always)]
pub(crate) fn id() -> usize {
    load::<{ offset_of!(PerCpu, cpu) }>()
}

/// This hart's counter-shard offset ([`crate::perf::shard_offset`]): one load through `tp`.
#[inline(always)]
pub(crate) fn shard_offset() -> usize {
    load::<{ offset_of!(PerCpu, shard) }>()
}

/// The current thread: one load through `tp`.
#[inline(always)]
pub(crate) fn current_thread() -> *const Thread {
    let thread: *const Thread;
    // SAFETY: as for `load`. `pure`: two reads with no memory write between them (a switch
    // writes) see the same thread, so the compiler may merge them.
    unsafe {
        core::arch::asm!(
            "ld {}, {offset}(tp)",
            out(reg) thread,
            offset = const offset_of!(PerCpu, current),
            options(pure, nostack, readonly, preserves_flags),
        )
    };
    thread
}

/// Makes `top` the kernel stack of the next trap from U-mode on this hart (its frame goes
/// right below): one store through `tp`.
///
/// # Safety
/// See [`crate::cpu::set_kernel_stack`].
#[inline(always)]
pub(crate) unsafe fn set_kernel_stack(top: usize) {
    // SAFETY: in S-mode `tp` is this hart's area; the caller masked interrupts.
    unsafe {
        core::arch::asm!(
            "sd {}, {offset}(tp)",
            in(reg) top - super::vector::FRAME_SIZE,
            offset = const PerCpu::TRAP_FRAME,
            options(nostack, preserves_flags),
        )
    };
}

/// Makes `thread` this hart's current thread: one store through `tp`.
///
/// # Safety
/// See [`crate::thread::set_current`].
#[inline(always)]
pub(crate) unsafe fn set_current_thread(thread: &'static Thread) {
    // SAFETY: in S-mode `tp` is this hart's area; the caller masked interrupts.
    unsafe {
        core::arch::asm!(
            "sd {}, {offset}(tp)",
            in(reg) thread as *const Thread,
            offset = const offset_of!(PerCpu, current),
            options(nostack, preserves_flags),
        )
    };
}
