//! Enabling `syscall`: EFER.SCE, STAR, LSTAR, SFMASK and the per-CPU area.

use core::cell::UnsafeCell;
use core::fmt;

use x86_64::VirtAddr;
use x86_64::registers::model_specific::{Efer, EferFlags, KernelGsBase, LStar, SFMask, Star};
use x86_64::registers::rflags::RFlags;
use x86_64::registers::segmentation::SegmentSelector;

/// Per-CPU state the entry reaches through `gs` after `swapgs`.
///
/// The entry addresses the fields by offset ([`PerCpu::USER_RSP`], [`PerCpu::KERNEL_RSP`]).
#[repr(C)]
pub struct PerCpu {
    /// Scratch slot: the user `rsp` while the entry switches stacks.
    user_rsp: u64,
    /// Top of this CPU's kernel stack for syscalls.
    kernel_rsp: u64,
    /// User code selector, for the frame's `cs` (and the `iretq` return).
    user_cs: u64,
    /// User stack selector, for the frame's `ss`.
    user_ss: u64,
}

impl PerCpu {
    /// Offset of the user `rsp` scratch slot.
    pub const USER_RSP: usize = core::mem::offset_of!(PerCpu, user_rsp);
    /// Offset of the kernel stack top.
    pub const KERNEL_RSP: usize = core::mem::offset_of!(PerCpu, kernel_rsp);
    /// Offset of the user code selector.
    pub const USER_CS: usize = core::mem::offset_of!(PerCpu, user_cs);
    /// Offset of the user stack selector.
    pub const USER_SS: usize = core::mem::offset_of!(PerCpu, user_ss);
}

/// The boot CPU's per-CPU area (this runtime supports one CPU).
struct BootCpu(UnsafeCell<PerCpu>);

// SAFETY: written once by `init` before `syscall` is enabled, then only by the entry on the one
// CPU, with interrupts masked.
unsafe impl Sync for BootCpu {}

static BOOT_CPU: BootCpu = BootCpu(UnsafeCell::new(PerCpu {
    user_rsp: 0,
    kernel_rsp: 0,
    user_cs: 0,
    user_ss: 0,
}));

/// The kernel's GDT selectors, in the order `sysret` requires.
///
/// `STAR` derives the selectors from two bases, so the GDT must hold kernel code, kernel data,
/// user data, user code in this order (e.g. `0x08, 0x10, 0x1b, 0x23`).
#[derive(Clone, Copy, Debug)]
pub struct Selectors {
    /// Ring-0 code segment.
    pub kernel_code: SegmentSelector,
    /// Ring-0 data (stack) segment.
    pub kernel_data: SegmentSelector,
    /// Ring-3 code segment (64-bit).
    pub user_code: SegmentSelector,
    /// Ring-3 data (stack) segment.
    pub user_data: SegmentSelector,
}

/// Flags cleared on entry: interrupts, trap, direction, alignment check, nested task, IOPL
/// (as Linux does).
pub const ENTRY_RFLAGS_MASK: RFlags = RFlags::INTERRUPT_FLAG
    .union(RFlags::TRAP_FLAG)
    .union(RFlags::DIRECTION_FLAG)
    .union(RFlags::ALIGNMENT_CHECK)
    .union(RFlags::NESTED_TASK)
    .union(RFlags::IOPL_HIGH)
    .union(RFlags::IOPL_LOW);

/// Error from [`init`]: the selectors do not have the layout `STAR` requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadSelectors;

impl fmt::Display for BadSelectors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GDT must hold kernel code, kernel data, user data, user code in this order")
    }
}

/// Enables the `syscall` instruction on this CPU with [`super::syscall_entry`] as its target,
/// and detects SMAP for the user copies ([`super::uaccess::init`]).
///
/// `kernel_stack_top` is the (16-byte aligned) top of the stack the entry switches to.
///
/// # Safety
/// Must run once per boot, in ring 0, after the GDT holding `selectors` is loaded; the stack
/// must stay valid and unused by anything else while user code runs.
pub unsafe fn init(selectors: Selectors, kernel_stack_top: VirtAddr) -> Result<(), BadSelectors> {
    Star::write(
        selectors.user_code,
        selectors.user_data,
        selectors.kernel_code,
        selectors.kernel_data,
    )
    .map_err(|_| BadSelectors)?;
    super::uaccess::init();
    // SAFETY: single CPU, `syscall` not enabled yet: nothing else reads the area.
    unsafe {
        let cpu = BOOT_CPU.0.get();
        (*cpu).kernel_rsp = kernel_stack_top.as_u64() & !0xf;
        (*cpu).user_cs = u64::from(selectors.user_code.0);
        (*cpu).user_ss = u64::from(selectors.user_data.0);
        KernelGsBase::write(VirtAddr::from_ptr(cpu));
    }
    SFMask::write(ENTRY_RFLAGS_MASK);
    // SAFETY: LSTAR, STAR and SFMASK are valid; enabling SCE only adds the instruction.
    unsafe {
        set_entry(super::syscall_entry);
        Efer::update(|f| f.insert(EferFlags::SYSTEM_CALL_EXTENSIONS));
    }
    Ok(())
}

/// Points LSTAR at `entry`, e.g. `syscall_entry_minimal` (feature `bench-entries`) for a
/// benchmark.
///
/// # Safety
/// `entry` must be a complete syscall entry: it runs in ring 0 on the user stack.
pub unsafe fn set_entry(entry: unsafe extern "C" fn()) {
    LStar::write(VirtAddr::new(entry as usize as u64));
}
