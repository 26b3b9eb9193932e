//! Dropping from EL1 to EL0.

use core::arch::asm;

/// Starts user code at `entry` in EL0 (AArch64, interrupts unmasked) with stack `user_sp` and
/// `args` in `x0..x5`.
///
/// Every other general register is zeroed so no kernel value reaches user code, and so are
/// the FP/SIMD registers, FPSR and FPCR: a new program starts with clean FP state, holding
/// nothing of the program that ran before it (or of the kernel). Exceptions from EL0 are then
/// taken on the current EL1 stack.
///
/// # Safety
/// `entry` and `user_sp` (16-byte aligned) must be mapped for EL0, and [`init`](super::init)
/// must have installed the vectors.
// Out of line: the one kernel function with FP instructions, found by name when the boot test
// checks that the kernel has no others.
#[inline(never)]
pub unsafe fn enter_user(entry: usize, user_sp: usize, args: [usize; 6]) -> ! {
    // SAFETY: upheld by the caller.
    unsafe {
        asm!(
            "msr sp_el0, x6",
            "msr elr_el1, x7",
            "msr spsr_el1, xzr",
            // Also assembled for kernels built without FP/SIMD, which never use it themselves.
            ".arch_extension fp",
            "msr fpcr, xzr",
            "msr fpsr, xzr",
            ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
            // Writing `d<n>` clears all 128 bits of `v<n>`.
            "fmov d\\n, xzr",
            ".endr",
            "mov x6, xzr", "mov x7, xzr", "mov x8, xzr", "mov x9, xzr",
            "mov x10, xzr", "mov x11, xzr", "mov x12, xzr", "mov x13, xzr",
            "mov x14, xzr", "mov x15, xzr", "mov x16, xzr", "mov x17, xzr",
            "mov x18, xzr", "mov x19, xzr", "mov x20, xzr", "mov x21, xzr",
            "mov x22, xzr", "mov x23, xzr", "mov x24, xzr", "mov x25, xzr",
            "mov x26, xzr", "mov x27, xzr", "mov x28, xzr", "mov x29, xzr",
            "mov x30, xzr",
            "isb",
            "eret",
            in("x0") args[0],
            in("x1") args[1],
            in("x2") args[2],
            in("x3") args[3],
            in("x4") args[4],
            in("x5") args[5],
            in("x6") user_sp,
            in("x7") entry,
            options(noreturn, nostack),
        )
    }
}
