//! The S-mode trap vector: switch to the kernel stack, save the full frame, call the Rust
//! handler, restore, `sret`.

use core::arch::{asm, global_asm};
use core::mem::{offset_of, size_of};

use super::minimal::{Entry, select_entry};
use super::percpu::PerCpu;
use super::trap::{handle, set_handler};
use super::{TrapFrame, TrapHandler};

/// Bytes the vector reserves on the stack: the frame, rounded up to keep `sp` 16-byte aligned.
const FRAME_SIZE: usize = size_of::<TrapFrame>().next_multiple_of(16);

// `sscratch` holds the hart's area while U-mode runs and 0 while the kernel runs, when `tp` is
// the area (see `percpu`). One swap with `tp` tells where the trap came from and yields the
// area either way without trusting a user register: from U-mode the area comes out of
// `sscratch`; from S-mode `sscratch` gives back the kernel's `tp`, and the current `sp` is
// stored as the stack to continue on. The interrupted `sp` parks in the area while `sp` becomes
// the kernel stack. The frame gets every general register (`tp` as interrupted, taken back
// from `sscratch`, which is zeroed), `sepc`, `sstatus`, `scause`, `stval`, `f0..f31` and `fcsr`
// (the handler is Rust and may use the FPU); `sstatus.SUM` is cleared while the kernel handles
// the trap. On the way out, a return to U-mode (`sstatus.SPP` clear) re-arms the area's kernel
// stack with this frame's top and `sscratch` with the area; every register, `tp` included, is
// reloaded from the frame, so nothing the kernel computed leaks back to user code.
global_asm!(
    ".pushsection .text.sysgate_trap, \"ax\"",
    // Module-level assembly does not inherit the target's F/D features.
    ".option push",
    ".option arch, +d",
    ".balign 4",
    ".global __sysgate_riscv64_trap_vector",
    "__sysgate_riscv64_trap_vector:",
    "csrrw tp, sscratch, tp",
    "bnez tp, 1f",
    // From S-mode: tp = the kernel's (the area), still in sscratch; continue on this stack.
    "csrr tp, sscratch",
    "sd sp, {kernel_sp}(tp)",
    "1:",
    "sd sp, {saved_sp}(tp)",
    "ld sp, {kernel_sp}(tp)",
    "addi sp, sp, -{size}",
    "sd x1, 8(sp)",
    ".irp n, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
    "sd x\\n, \\n*8(sp)",
    ".endr",
    "ld t0, {saved_sp}(tp)",
    "sd t0, 16(sp)",
    // The interrupted tp (the user's, or the kernel's own), and sscratch = 0 in the kernel.
    "csrrw t0, sscratch, zero",
    "sd t0, 32(sp)",
    "csrr t0, sepc",
    "sd t0, {sepc}(sp)",
    "csrr t0, sstatus",
    "sd t0, {sstatus}(sp)",
    // Close a user-access window (`sstatus.SUM`) the trap interrupted; `sret` restores it.
    "li t0, {sum}",
    "csrc sstatus, t0",
    "csrr t0, scause",
    "sd t0, {scause}(sp)",
    "csrr t0, stval",
    "sd t0, {stval}(sp)",
    ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
    "fsd f\\n, {f}+\\n*8(sp)",
    ".endr",
    // Save `fcsr` and clear it: the kernel computes with the default rounding mode.
    "fscsr t0, zero",
    "sd t0, {fcsr}(sp)",
    "mv a0, sp",
    "call {handle}",
    "ld t0, {fcsr}(sp)",
    "fscsr t0",
    ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
    "fld f\\n, {f}+\\n*8(sp)",
    ".endr",
    "ld t0, {sepc}(sp)",
    "csrw sepc, t0",
    "ld t0, {sstatus}(sp)",
    "csrw sstatus, t0",
    "andi t0, t0, 1 << 8",
    "bnez t0, 4f",
    "addi t0, sp, {size}",
    "sd t0, {kernel_sp}(tp)",
    "csrw sscratch, tp",
    "4:",
    "ld x1, 8(sp)",
    ".irp n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
    "ld x\\n, \\n*8(sp)",
    ".endr",
    "ld sp, 16(sp)",
    "sret",
    ".option pop",
    ".popsection",
    size = const FRAME_SIZE,
    sum = const 1 << 18,
    sepc = const offset_of!(TrapFrame, sepc),
    sstatus = const offset_of!(TrapFrame, sstatus),
    scause = const offset_of!(TrapFrame, scause),
    stval = const offset_of!(TrapFrame, stval),
    f = const offset_of!(TrapFrame, f),
    fcsr = const offset_of!(TrapFrame, fcsr),
    kernel_sp = const PerCpu::KERNEL_SP,
    saved_sp = const PerCpu::SAVED_SP,
    handle = sym handle,
);

// The assembly addresses `x[n]` as `n * 8` and uses 12-bit immediates.
const _: () = assert!(offset_of!(TrapFrame, x) == 0 && FRAME_SIZE < 2048);

/// Installs the trap vector in `stvec` (direct mode) on this hart, sets `handler` for every trap that is not a syscall, turns the FPU on
/// (`sstatus.FS` = Initial; the vector saves `f0..f31`) and lets U-mode read `cycle`, `time` and
/// `instret` (`scounteren`).
///
/// # Safety
/// Must run in S-mode on every hart, after [`crate::cpu::init_cpu`]. Traps from U-mode are
/// taken on the kernel stack as it was when U-mode was entered with
/// [`enter_user`](super::enter_user) or last returned to.
pub unsafe fn init(handler: TrapHandler) {
    set_handler(handler);
    // SAFETY: the vector is 4-byte aligned and saves everything it touches.
    unsafe {
        asm!(
            "csrs sstatus, {fs}",
            "csrw scounteren, {counters}",
            fs = in(reg) 1u64 << 13,
            counters = in(reg) 0b111u64,
            options(nostack),
        );
        select_entry(Entry::Framework);
    }
}
