//! Dropping from S-mode to U-mode.

use core::arch::asm;

use super::TrapFrame;
use super::vector::{FRAME_SIZE, SSTATUS_FS, SSTATUS_FS_INITIAL};

/// `sstatus.SPIE`: what `SIE` becomes on `sret`, i.e. whether the user context runs with
/// interrupts enabled (and so its handlers, see [`crate::thread`]).
const SSTATUS_SPIE: u64 = 1 << 5;

/// Starts user code at `entry` in U-mode with stack `user_sp` and `args` in `a0..a5`.
///
/// The current kernel stack becomes the stack traps from U-mode are taken on (the hart's
/// area, reached through `sscratch` while U-mode runs); the user starts with `tp` 0.
/// Every other general register is zeroed so no kernel value reaches user code, and so are
/// `f0..f31` and `fcsr`, with `sstatus.FS` = Initial: a new program starts with clean FP
/// state, holding nothing of the program that ran before it. `sstatus.SPIE` is cleared, so the
/// kernel runs with interrupts off after each trap; which S-mode interrupts can reach U-mode
/// is up to `sie`.
///
/// # Safety
/// `entry` and `user_sp` (16-byte aligned) must be mapped for U-mode, and
/// [`crate::cpu::init_cpu`] and [`init`](super::init) must have run on this hart.
// Out of line: one of the kernel functions with FP instructions, found by name when the boot
// test checks that the kernel has no others.
#[inline(never)]
pub unsafe fn enter_user(entry: usize, user_sp: usize, args: [usize; 6]) -> ! {
    let kernel_top: usize;
    // SAFETY: reading `sp` has no effect.
    unsafe { asm!("mv {}, sp", out(reg) kernel_top, options(nomem, nostack)) };
    // SAFETY: upheld by the caller; the stack below `sp` is this function's caller's to use.
    unsafe { enter(entry, user_sp, args, kernel_top, 0) }
}

/// [`enter_user`] for a kernel thread: traps from U-mode are taken on the stack ending at
/// `kernel_top` (16-byte aligned; [`user_frame`] of it is where the frame of each one lies,
/// since every return to U-mode re-arms the same top), and the user context runs with
/// interrupts enabled (`sstatus.SPIE` set), so its handlers do too.
///
/// # Safety
/// As for [`enter_user`]; the stack below `kernel_top` belongs to the calling thread, which
/// does not use it for anything else while it runs user code.
#[inline(never)]
pub unsafe fn enter_user_thread(
    entry: usize,
    user_sp: usize,
    args: [usize; 6],
    kernel_top: usize,
) -> ! {
    // SAFETY: forwarded to the caller.
    unsafe { enter(entry, user_sp, args, kernel_top, SSTATUS_SPIE) }
}

/// The frame the vector saves for a trap from U-mode taken on the stack ending at
/// `kernel_top` (see [`enter_user_thread`]): a kernel that switches threads finds the user's
/// saved `sstatus` there (`FS` Dirty: the FP registers must be saved).
pub fn user_frame(kernel_top: usize) -> *mut TrapFrame {
    (kernel_top - FRAME_SIZE) as *mut TrapFrame
}

/// Drops to U-mode with traps from there taken on `kernel_top` and `spie` (0 or
/// [`SSTATUS_SPIE`]) in `sstatus`.
#[inline(always)]
unsafe fn enter(entry: usize, user_sp: usize, args: [usize; 6], kernel_top: usize, spie: u64) -> ! {
    // SAFETY: upheld by the callers.
    unsafe {
        asm!(
            "csrw sepc, t0",
            "li t0, (1 << 8) | (1 << 5)",
            "csrc sstatus, t0",
            "csrs sstatus, t3",
            "addi t4, t4, -{frame}",
            "sd t4, {trap_frame}(tp)",
            "csrw sscratch, tp",
            "mv sp, t1",
            // The FPU on (Initial) for as long as it takes to zero it, then Initial again:
            // the writes made it Dirty.
            "li t2, {fs_initial}",
            "csrs sstatus, t2",
            ".option push",
            ".option arch, +d",
            ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
            "fmv.d.x f\\n, zero",
            ".endr",
            "fscsr zero",
            ".option pop",
            "li t2, {fs}",
            "csrc sstatus, t2",
            "li t2, {fs_initial}",
            "csrs sstatus, t2",
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
            in("t3") spie,
            in("t4") kernel_top,
            trap_frame = const super::percpu::PerCpu::TRAP_FRAME,
            frame = const FRAME_SIZE,
            fs = const SSTATUS_FS,
            fs_initial = const SSTATUS_FS_INITIAL,
            options(noreturn, nostack),
        )
    }
}
