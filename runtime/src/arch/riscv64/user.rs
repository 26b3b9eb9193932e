//! Dropping from S-mode to U-mode.

use core::arch::asm;

/// Starts user code at `entry` in U-mode with stack `user_sp` and `args` in `a0..a5`.
///
/// The current kernel stack becomes the stack traps from U-mode are taken on (the hart's
/// area, reached through `sscratch` while U-mode runs); the user starts with `tp` 0.
/// Every other general register is zeroed so no kernel value reaches user code. `sstatus.SPIE`
/// is cleared, so the kernel runs with interrupts off after each trap; which S-mode interrupts
/// can reach U-mode is up to `sie`.
///
/// # Safety
/// `entry` and `user_sp` (16-byte aligned) must be mapped for U-mode, and
/// [`crate::cpu::init_cpu`] and [`init`](super::init) must have run on this hart.
pub unsafe fn enter_user(entry: usize, user_sp: usize, args: [usize; 6]) -> ! {
    // SAFETY: upheld by the caller.
    unsafe {
        asm!(
            "csrw sepc, t0",
            "li t0, (1 << 8) | (1 << 5)",
            "csrc sstatus, t0",
            "sd sp, {kernel_sp}(tp)",
            "csrw sscratch, tp",
            "mv sp, t1",
            ".irp n, 1, 3, 4, 5, 6, 7, 8, 9, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
            "li x\\n, 0",
            ".endr",
            "sret",
            in("a0") args[0],
            in("a1") args[1],
            in("a2") args[2],
            in("a3") args[3],
            in("a4") args[4],
            in("a5") args[5],
            in("t0") entry,
            in("t1") user_sp,
            kernel_sp = const super::percpu::PerCpu::KERNEL_SP,
            options(noreturn, nostack),
        )
    }
}
