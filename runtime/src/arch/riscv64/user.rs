//! Dropping from S-mode to U-mode.

use core::arch::asm;

/// Starts user code at `entry` in U-mode with stack `user_sp`.
///
/// The current kernel stack becomes the stack traps from U-mode are taken on (`sscratch`).
/// General registers are zeroed so no kernel value reaches user code; interrupts stay disabled
/// in U-mode (`sstatus.SPIE` clear).
///
/// # Safety
/// `entry` and `user_sp` (16-byte aligned) must be mapped for U-mode, and
/// [`init`](super::init) must have installed the vector.
pub unsafe fn enter_user(entry: usize, user_sp: usize) -> ! {
    // SAFETY: upheld by the caller.
    unsafe {
        asm!(
            "csrw sepc, a0",
            "li t0, (1 << 8) | (1 << 5)",
            "csrc sstatus, t0",
            "csrw sscratch, sp",
            "mv sp, a1",
            ".irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
            "li x\\n, 0",
            ".endr",
            "sret",
            in("a0") entry,
            in("a1") user_sp,
            options(noreturn, nostack),
        )
    }
}
