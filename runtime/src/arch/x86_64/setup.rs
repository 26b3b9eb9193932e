//! Enabling `syscall` on a CPU: EFER.SCE, STAR, LSTAR, SFMASK and the user selectors in its
//! per-CPU area.

use core::fmt;

use x86_64::VirtAddr;
use x86_64::registers::model_specific::{Efer, EferFlags, LStar, SFMask, Star};
use x86_64::registers::rflags::RFlags;
use x86_64::registers::segmentation::SegmentSelector;
use x86_64::structures::tss::TaskStateSegment;

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

/// Error from [`init`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupError {
    /// The selectors do not have the layout `STAR` requires.
    Selectors,
    /// The kernel stack top is not usable.
    Stack(crate::cpu::CpuError),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::Selectors => f.write_str(
                "GDT must hold kernel code, kernel data, user data, user code in this order",
            ),
            SetupError::Stack(e) => e.fmt(f),
        }
    }
}

/// Enables the `syscall` instruction on this CPU with [`super::syscall_entry`] as its target,
/// and detects SMAP for the user copies ([`super::uaccess::init`]).
///
/// `kernel_stack_top` (16-byte aligned) is the stack the next entry from ring 3 switches to,
/// until [`crate::cpu::set_kernel_stack`] changes it; `tss` is this CPU's TSS, whose `RSP0`
/// (the stack of interrupts and exceptions from ring 3) follows it from now on.
///
/// # Safety
/// Must run on every CPU, in ring 0, after [`crate::cpu::init_cpu`] and after the GDT holding
/// `selectors` is loaded; the stack must stay reserved for entries from ring 3 and `tss` valid.
pub unsafe fn init(
    selectors: Selectors,
    tss: *mut TaskStateSegment,
    kernel_stack_top: usize,
) -> Result<(), SetupError> {
    crate::cpu::check_stack(kernel_stack_top).map_err(SetupError::Stack)?;
    Star::write(
        selectors.user_code,
        selectors.user_data,
        selectors.kernel_code,
        selectors.kernel_data,
    )
    .map_err(|_| SetupError::Selectors)?;
    super::uaccess::init();
    // SAFETY: after `init_cpu`, as the caller guarantees; `tss` and the stack stay valid.
    unsafe {
        super::percpu::set_user(selectors.user_code.0, selectors.user_data.0, tss);
        super::percpu::set_kernel_stack(kernel_stack_top);
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
