//! The S-mode trap vector: switch to the kernel stack, save the general registers, turn the
//! FPU off, call the Rust handler, restore, `sret`.

use core::arch::{asm, global_asm};
use core::mem::{offset_of, size_of};

use super::TrapFrame;
use super::irq::{HANDLER_SPIE, SIE, SPIE};
use super::minimal::{Entry, select_entry};
use super::percpu::PerCpu;
use super::trap::{CAUSE_USER_ECALL, handle, syscall, syscall_exit};
use crate::thread::Thread;

/// Bytes the vector reserves on the stack: the frame, rounded up to keep `sp` 16-byte aligned.
pub(super) const FRAME_SIZE: usize = size_of::<TrapFrame>().next_multiple_of(16);

/// `sstatus.SUM`: S-mode may access user pages.
const SSTATUS_SUM: u64 = 1 << 18;
/// `sstatus.FS`, two bits: the FPU's state (Off, Initial, Clean, Dirty).
pub(super) const SSTATUS_FS: u64 = 0b11 << 13;
/// `sstatus.FS` = Initial: the FPU on, its registers in their initial state.
pub(super) const SSTATUS_FS_INITIAL: u64 = 0b01 << 13;

// `sscratch` holds the hart's area while U-mode runs and 0 while the kernel runs, when `tp` is
// the area (see `percpu`). One swap with `tp` tells where the trap came from and yields the
// area either way without trusting a user register: from U-mode the area comes out of
// `sscratch`; from S-mode `sscratch` gives back the kernel's `tp`, and the frame goes on the
// current stack. From U-mode the interrupted `sp` parks in the area while `sp` becomes the
// frame the area names (below the kernel stack top `enter_user` or `cpu::set_kernel_stack`
// set; a trap never changes it). The frame gets every general register (`tp` as interrupted,
// taken back from `sscratch`, which is zeroed), the interrupted `sp`, `sepc` and `sstatus`;
// `scause` and `stval` for a trap, and for a syscall when its exit work runs. One `csrrc`
// reads `sstatus` and clears `SUM` (closing a user-access window the trap interrupted) and
// `FS`: the kernel runs with the FPU off, so any FP instruction in it traps, and the user's
// `f0..f31` and `fcsr` stay untouched in the registers, as in Linux; a kernel that switches
// between user threads saves them there, when the saved `FS` says Dirty. Then every general
// register the handler does not take is zeroed (as Linux's x86_64 and arm64 entries do: no
// user value stays in a register while Rust runs, leaving nothing for speculative gadgets),
// `gp` too (`tp` is the kernel's by then). For an `ecall` from U-mode `syscall(args, .., nr)`
// dispatches (`a0..a5` in the frame, the number left in `a7`) and returns the result; restoring
// `sstatus` masks interrupts, and the current thread's work word decides: empty, the result
// goes back in `a0` with every other register reloaded; else the frame is completed (result,
// `orig_a0`, `scause`, `stval`) and `syscall_exit(frame)` runs the exit loop. `handle(frame)`
// takes any other trap. On the way out `sstatus` comes back from the frame (the user's `FS`
// and `SUM` with it); a return to U-mode (`sstatus.SPP` clear) re-arms `sscratch` with the
// area; every register, `tp` included, is reloaded from the frame (a syscall's `a0` from the
// result), so nothing the kernel computed leaks back to user code.
global_asm!(
    // Zeroes every general register that may still hold a user value: all but `sp` and `tp`
    // (set apart above), `a0` and `a7` (the Rust function's arguments: the frame or the
    // syscall's arguments, and the syscall number; a trap's `handle` path zeroes `a7`
    // itself), and `t1`/`t2`, which hold `scause` and the cause it was compared with by then.
    // `gp` too: the kernel never uses it, and every return reloads it.
    ".macro SYSGATE_CLEAR",
    ".irp n, 3, 5, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
    "li x\\n, 0",
    ".endr",
    ".endm",
    ".pushsection .text.sysgate_trap, \"ax\"",
    ".balign 4",
    ".global __sysgate_riscv64_trap_vector",
    "__sysgate_riscv64_trap_vector:",
    "csrrw tp, sscratch, tp",
    "bnez tp, 1f",
    // From S-mode: tp = the kernel's (the area), still in sscratch; the frame goes on this
    // stack.
    "csrr tp, sscratch",
    "sd sp, {saved_sp}(tp)",
    "addi sp, sp, -{size}",
    "j 2f",
    // From U-mode: the frame goes where the area says.
    "1:",
    "sd sp, {saved_sp}(tp)",
    "ld sp, {trap_frame}(tp)",
    "2:",
    "sd x1, 8(sp)",
    ".irp n, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
    "sd x\\n, \\n*8(sp)",
    ".endr",
    "li t0, {sum_fs}",
    "csrrc t0, sstatus, t0",
    "sd t0, {sstatus}(sp)",
    // The interrupted sp and tp (the user's, or the kernel's own); sscratch = 0 in the kernel.
    "ld t1, {saved_sp}(tp)",
    "sd t1, 16(sp)",
    "csrrw t1, sscratch, zero",
    "sd t1, 32(sp)",
    "csrr t1, scause",
    "li t2, {ecall}",
    "bne t1, t2, 8f",
    // A syscall (an `ecall` from U-mode, the only trap with this cause): it resumes past the
    // `ecall`, and the handler runs with interrupts enabled if the user context has them
    // (`SPIE` copied into `SIE`). The frame's `scause`, `stval`, `orig_a0` and result wait
    // for the exit work (6:), the only code that is handed the frame.
    "csrr t1, sepc",
    "addi t1, t1, 4",
    "sd t1, {sepc}(sp)",
    "andi t0, t0, {spie}",
    "srli t0, t0, {spie_to_sie}",
    "csrs sstatus, t0",
    "addi a0, sp, {args}",
    "SYSGATE_CLEAR",
    "call {syscall}",
    // The result in `a0`. Restoring `sstatus` masks interrupts (its saved `SIE` is clear);
    // then the exit work only if the current thread has work (its work word, as
    // `thread::exit_loop_masked` checks it); else `a0` goes back to U-mode as it is.
    "ld t0, {sstatus}(sp)",
    "csrw sstatus, t0",
    "ld t0, {current}(tp)",
    "lw t0, {work}(t0)",
    "bnez t0, 6f",
    "7:",
    "ld t0, {sepc}(sp)",
    "csrw sepc, t0",
    // Back to U-mode: re-arm `sscratch` with the area.
    "csrw sscratch, tp",
    "3:",
    "ld x1, 8(sp)",
    ".irp n, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
    "ld x\\n, \\n*8(sp)",
    ".endr",
    "ld sp, 16(sp)",
    "sret",
    // The exit work: the kernel's state again (FPU off, no user access), the frame completed
    // (the first argument kept for a restart, the result in `a0`), the exit loop, and the
    // frame's `sstatus` and `a0` taken back, which it may have changed.
    "6:",
    "li t0, {sum_fs}",
    "csrc sstatus, t0",
    "li t1, {ecall}",
    "sd t1, {scause}(sp)",
    "sd zero, {stval}(sp)",
    "ld t1, 80(sp)",
    "sd t1, {orig_a0}(sp)",
    "sd a0, 80(sp)",
    "mv a0, sp",
    "call {syscall_exit}",
    "ld t0, {sstatus}(sp)",
    "csrw sstatus, t0",
    "ld a0, 80(sp)",
    "j 7b",
    // Any other trap: `handle`, and back to where `sstatus.SPP` says.
    "8:",
    "sd t1, {scause}(sp)",
    "csrr t0, sepc",
    "sd t0, {sepc}(sp)",
    "csrr t0, stval",
    "sd t0, {stval}(sp)",
    "mv a0, sp",
    "li a7, 0",
    "SYSGATE_CLEAR",
    "call {handle}",
    "ld t0, {sepc}(sp)",
    "csrw sepc, t0",
    "ld t0, {sstatus}(sp)",
    "csrw sstatus, t0",
    "andi t0, t0, 1 << 8",
    "bnez t0, 4f",
    "csrw sscratch, tp",
    "4:",
    "ld a0, 80(sp)",
    "j 3b",
    ".popsection",
    ".purgem SYSGATE_CLEAR",
    size = const FRAME_SIZE,
    sum_fs = const SSTATUS_SUM | SSTATUS_FS,
    sepc = const offset_of!(TrapFrame, sepc),
    sstatus = const offset_of!(TrapFrame, sstatus),
    scause = const offset_of!(TrapFrame, scause),
    stval = const offset_of!(TrapFrame, stval),
    orig_a0 = const offset_of!(TrapFrame, orig_a0),
    args = const TrapFrame::ARGS,
    ecall = const CAUSE_USER_ECALL,
    spie = const HANDLER_SPIE,
    spie_to_sie = const SPIE.trailing_zeros() - SIE.trailing_zeros(),
    trap_frame = const PerCpu::TRAP_FRAME,
    saved_sp = const PerCpu::SAVED_SP,
    current = const PerCpu::CURRENT,
    work = const offset_of!(Thread, work),
    handle = sym handle,
    syscall = sym syscall,
    syscall_exit = sym syscall_exit,
);

// The assembly addresses `x[n]` as `n * 8` and uses 12-bit immediates.
const _: () = assert!(offset_of!(TrapFrame, x) == 0 && FRAME_SIZE < 2048);

/// Installs the trap vector in `stvec` (direct mode) on this hart, turns the FPU off for the
/// kernel (`sstatus.FS` = Off: an FP instruction in the kernel traps; build it for
/// `riscv64imac-unknown-none-elf` so the compiler emits none) and lets U-mode read `cycle`,
/// `time` and `instret` (`scounteren`). Every trap that is not a syscall goes to the registered
/// kernel's [`EntryHooks::trap`](super::EntryHooks::trap).
///
/// # Safety
/// Must run in S-mode on every hart, after [`crate::cpu::init_cpu`]. Traps from U-mode are
/// taken on the kernel stack [`enter_user`](super::enter_user) or the last
/// [`crate::cpu::set_kernel_stack`] named: a kernel that switches threads calls it at every
/// switch.
pub unsafe fn init() {
    // SAFETY: the vector is 4-byte aligned and saves everything it touches.
    unsafe {
        asm!(
            "csrc sstatus, {fs}",
            "csrw scounteren, {counters}",
            fs = in(reg) SSTATUS_FS,
            counters = in(reg) 0b111u64,
            options(nostack),
        );
        select_entry(Entry::Framework);
    }
}
