//! The per-CPU areas the `syscall` entry reaches through `gs`.
//!
//! In ring 0 the `GS` base holds the running CPU's area and `KERNEL_GS_BASE` the user's `GS`
//! base; `swapgs` exchanges them on every entry from and return to ring 3 (Linux's rule). So a
//! kernel that installs interrupt or exception handlers must `swapgs` in them when they
//! interrupt ring 3, and before it first drops to ring 3 (see `docs/porting.md`).

use core::cell::UnsafeCell;
use core::mem::offset_of;

use x86_64::VirtAddr;
use x86_64::registers::model_specific::{GsBase, KernelGsBase};
use x86_64::structures::tss::TaskStateSegment;

use crate::cpu::MAX_CPUS;
use crate::thread::Thread;

/// One CPU's entry state. The entry addresses the fields by offset ([`PerCpu::USER_RSP`] …).
#[repr(C, align(64))]
pub struct PerCpu {
    /// Scratch slot: the user `rsp` while the entry switches stacks.
    user_rsp: u64,
    /// Top of the kernel stack the next `syscall` from ring 3 runs on.
    kernel_rsp: u64,
    /// User code selector, for the frame's `cs` (and the `iretq` return).
    user_cs: u64,
    /// User stack selector, for the frame's `ss`.
    user_ss: u64,
    /// This CPU's number.
    cpu: u64,
    /// The byte offset of this CPU's counter shard in every syscall's statistics.
    shard: u64,
    /// The TSS whose `RSP0` follows `kernel_rsp` (null before `init`).
    tss: *mut TaskStateSegment,
    /// The current thread ([`crate::thread::current`]), null before the first switch.
    current: *const Thread,
}

impl PerCpu {
    /// Offset of the user `rsp` scratch slot.
    pub const USER_RSP: usize = offset_of!(PerCpu, user_rsp);
    /// Offset of the kernel stack top.
    pub const KERNEL_RSP: usize = offset_of!(PerCpu, kernel_rsp);
    /// Offset of the user code selector.
    pub const USER_CS: usize = offset_of!(PerCpu, user_cs);
    /// Offset of the user stack selector.
    pub const USER_SS: usize = offset_of!(PerCpu, user_ss);
    /// Offset of the CPU number.
    pub const CPU: usize = offset_of!(PerCpu, cpu);
}

/// The areas, one per CPU, each on its own cache line.
struct Areas([UnsafeCell<PerCpu>; MAX_CPUS]);

// SAFETY: each area is written only by its own CPU (`install`, `set_kernel_stack`,
// `set_current_thread`, `init`, the entry's scratch slot), with interrupts masked or before
// syscalls run.
unsafe impl Sync for Areas {}

static AREAS: Areas = Areas(
    [const {
        UnsafeCell::new(PerCpu {
            user_rsp: 0,
            kernel_rsp: 0,
            user_cs: 0,
            user_ss: 0,
            cpu: 0,
            shard: 0,
            tss: core::ptr::null_mut(),
            current: core::ptr::null(),
        })
    }; MAX_CPUS],
);

/// Points this CPU's `GS` base at area `cpu` (user `GS` base 0).
///
/// # Safety
/// See [`crate::cpu::init_cpu`]; `cpu < MAX_CPUS`.
pub(crate) unsafe fn install(cpu: usize) {
    let area = AREAS.0[cpu].get();
    // SAFETY: this CPU's own area, before it takes syscalls.
    unsafe {
        (*area).cpu = cpu as u64;
        (*area).shard = crate::perf::shard_offset(cpu) as u64;
    }
    GsBase::write(VirtAddr::from_ptr(area));
    KernelGsBase::write(VirtAddr::zero());
}

/// This CPU's area, from `GS` (ring 0, after [`install`]).
fn current() -> *mut PerCpu {
    GsBase::read().as_mut_ptr()
}

/// Records the user selectors and the TSS in this CPU's area (from [`super::init`]).
///
/// # Safety
/// Ring 0, after [`install`]; `tss` stays valid.
pub(crate) unsafe fn set_user(user_cs: u16, user_ss: u16, tss: *mut TaskStateSegment) {
    let area = current();
    // SAFETY: this CPU's own area, before it takes syscalls.
    unsafe {
        (*area).user_cs = u64::from(user_cs);
        (*area).user_ss = u64::from(user_ss);
        (*area).tss = tss;
    }
}

/// Sets the kernel stack of this CPU's next `syscall` and, through the TSS, of its next
/// interrupt or exception from ring 3.
///
/// # Safety
/// See [`crate::cpu::set_kernel_stack`].
pub(crate) unsafe fn set_kernel_stack(top: usize) {
    let tss: *mut TaskStateSegment;
    // SAFETY: in ring 0 the GS base is this CPU's area; the caller masked interrupts, so the
    // two accesses are not torn apart by an entry on this CPU.
    unsafe {
        core::arch::asm!(
            "mov gs:[{rsp}], {top}",
            "mov {tss}, gs:[{tss_offset}]",
            top = in(reg) top,
            tss = out(reg) tss,
            rsp = const PerCpu::KERNEL_RSP,
            tss_offset = const offset_of!(PerCpu, tss),
            options(nostack, preserves_flags),
        );
        if !tss.is_null() {
            (*tss).privilege_stack_table[0] = VirtAddr::new(top as u64);
        }
    }
}

/// The word at `OFFSET` in this CPU's area: one `gs`-relative load.
#[inline(always)]
fn load<const OFFSET: usize>() -> usize {
    let value: usize;
    // SAFETY: in ring 0 the GS base is this CPU's area (after `install`); the load has no side
    // effects.
    unsafe {
        core::arch::asm!(
            "mov {}, gs:[{offset}]",
            out(reg) value,
            offset = const OFFSET,
            options(nostack, readonly, preserves_flags),
        )
    };
    value
}

/// This CPU's number: one `gs`-relative load.
#[inline(always)]
pub(crate) fn id() -> usize {
    load::<{ PerCpu::CPU }>()
}

/// This CPU's counter-shard offset ([`crate::perf::shard_offset`]): one `gs`-relative load.
#[inline(always)]
pub(crate) fn shard_offset() -> usize {
    load::<{ offset_of!(PerCpu, shard) }>()
}

/// The current thread: one `gs`-relative load.
#[inline(always)]
pub(crate) fn current_thread() -> *const Thread {
    let thread: *const Thread;
    // SAFETY: as for `load`. `pure`: two reads with no memory write between them (a switch
    // writes) see the same thread, so the compiler may merge them.
    unsafe {
        core::arch::asm!(
            "mov {}, gs:[{offset}]",
            out(reg) thread,
            offset = const offset_of!(PerCpu, current),
            options(pure, nostack, readonly, preserves_flags),
        )
    };
    thread
}

/// Makes `thread` this CPU's current thread: one `gs`-relative store.
///
/// # Safety
/// See [`crate::thread::set_current`].
#[inline(always)]
pub(crate) unsafe fn set_current_thread(thread: &'static Thread) {
    // SAFETY: in ring 0 the GS base is this CPU's area; the caller masked interrupts.
    unsafe {
        core::arch::asm!(
            "mov gs:[{offset}], {}",
            in(reg) thread as *const Thread,
            offset = const offset_of!(PerCpu, current),
            options(nostack, preserves_flags),
        )
    };
}
