//! Dropping from EL1 to EL0.

use core::arch::asm;

/// Starts user code at `entry` in EL0 (AArch64, interrupts unmasked) with stack `user_sp`.
///
/// General registers are zeroed so no kernel value reaches user code. Exceptions from EL0 are
/// then taken on the current EL1 stack.
///
/// # Safety
/// `entry` and `user_sp` (16-byte aligned) must be mapped for EL0, and [`init`](super::init)
/// must have installed the vectors.
pub unsafe fn enter_user(entry: usize, user_sp: usize) -> ! {
    // SAFETY: upheld by the caller.
    unsafe {
        asm!(
            "msr sp_el0, {sp}",
            "msr elr_el1, {entry}",
            "msr spsr_el1, xzr",
            "mov x0, xzr", "mov x1, xzr", "mov x2, xzr", "mov x3, xzr",
            "mov x4, xzr", "mov x5, xzr", "mov x6, xzr", "mov x7, xzr",
            "mov x8, xzr", "mov x9, xzr", "mov x10, xzr", "mov x11, xzr",
            "mov x12, xzr", "mov x13, xzr", "mov x14, xzr", "mov x15, xzr",
            "mov x16, xzr", "mov x17, xzr", "mov x18, xzr", "mov x19, xzr",
            "mov x20, xzr", "mov x21, xzr", "mov x22, xzr", "mov x23, xzr",
            "mov x24, xzr", "mov x25, xzr", "mov x26, xzr", "mov x27, xzr",
            "mov x28, xzr", "mov x29, xzr", "mov x30, xzr",
            "isb",
            "eret",
            sp = in(reg) user_sp,
            entry = in(reg) entry,
            options(noreturn, nostack),
        )
    }
}
