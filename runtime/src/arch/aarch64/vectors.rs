//! The EL1 vector table: save the frame, call the Rust handler, restore, `eret`.

use core::arch::{asm, global_asm};
use core::mem::{offset_of, size_of};

use super::TrapFrame;
use super::frame::SAVES_FP;
use super::minimal::{Entry, select_entry};
use super::trap::handle;

/// Offsets of FPSR (FPCR follows it) and `v0` in the frame when it holds the FP/SIMD registers;
/// without them the `.if` below drops the code that uses these.
#[cfg(target_feature = "neon")]
const FP_OFFSETS: (usize, usize) = (offset_of!(TrapFrame, fp.fpsr), offset_of!(TrapFrame, fp.v));
#[cfg(not(target_feature = "neon"))]
const FP_OFFSETS: (usize, usize) = (0, 0);

// Each of the 16 entries (4 origins x 4 kinds, 0x80 bytes apart) reserves the frame, saves
// x0/x1, puts its own index in x0 and branches to the common path. That path saves the rest:
// general registers, SP_EL0, ELR, SPSR, ESR, FAR and, only if the kernel is compiled with
// FP/SIMD (`SAVES_FP`: its Rust code may clobber them), FPSR, FPCR and q0..q31; it zeroes
// x2..x29, calls `handle(frame, index)`, then restores what it saved. Restoring every general
// register also means nothing the kernel computed leaks back to EL0. Without FP/SIMD in the
// kernel the user's FP/SIMD registers are never touched, so they hold only the user's values.
global_asm!(
    ".macro SYSGATE_VECTOR index",
    ".balign 0x80",
    "sub sp, sp, #{size}",
    "stp x0, x1, [sp]",
    "mov x0, #\\index",
    "b __sysgate_aarch64_trap_common",
    ".endm",
    ".pushsection .text.sysgate_vectors, \"ax\"",
    ".balign 0x800",
    ".global __sysgate_aarch64_vectors",
    "__sysgate_aarch64_vectors:",
    ".irp index, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15",
    "SYSGATE_VECTOR \\index",
    ".endr",
    ".purgem SYSGATE_VECTOR",
    "",
    "__sysgate_aarch64_trap_common:",
    "stp x2, x3, [sp, #16]",
    "stp x4, x5, [sp, #32]",
    "stp x6, x7, [sp, #48]",
    "stp x8, x9, [sp, #64]",
    "stp x10, x11, [sp, #80]",
    "stp x12, x13, [sp, #96]",
    "stp x14, x15, [sp, #112]",
    "stp x16, x17, [sp, #128]",
    "stp x18, x19, [sp, #144]",
    "stp x20, x21, [sp, #160]",
    "stp x22, x23, [sp, #176]",
    "stp x24, x25, [sp, #192]",
    "stp x26, x27, [sp, #208]",
    "stp x28, x29, [sp, #224]",
    "str x30, [sp, #240]",
    "mrs x9, sp_el0",
    "mrs x10, elr_el1",
    "stp x9, x10, [sp, #{sp_el0}]",
    "mrs x11, spsr_el1",
    "mrs x12, esr_el1",
    "stp x11, x12, [sp, #{spsr}]",
    "mrs x13, far_el1",
    "str x13, [sp, #{far}]",
    ".if {save_fp}",
    "mrs x9, fpsr",
    "mrs x10, fpcr",
    "stp x9, x10, [sp, #{fpsr}]",
    // The kernel computes with the default FP modes, not the user's (rounding, flush-to-zero).
    "msr fpcr, xzr",
    "add x9, sp, #{v}",
    "stp q0, q1, [x9, #0]",
    "stp q2, q3, [x9, #32]",
    "stp q4, q5, [x9, #64]",
    "stp q6, q7, [x9, #96]",
    "stp q8, q9, [x9, #128]",
    "stp q10, q11, [x9, #160]",
    "stp q12, q13, [x9, #192]",
    "stp q14, q15, [x9, #224]",
    "stp q16, q17, [x9, #256]",
    "stp q18, q19, [x9, #288]",
    "stp q20, q21, [x9, #320]",
    "stp q22, q23, [x9, #352]",
    "stp q24, q25, [x9, #384]",
    "stp q26, q27, [x9, #416]",
    "stp q28, q29, [x9, #448]",
    "stp q30, q31, [x9, #480]",
    ".endif",
    "mov x1, x0",
    "mov x0, sp",
    // As Linux's `clear_gp_regs`: no value from the interrupted code stays in a register
    // while Rust runs (the handler reads the frame), leaving nothing for speculative gadgets.
    ".irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29",
    "mov x\\n, xzr",
    ".endr",
    "bl {handle}",
    ".if {save_fp}",
    "add x9, sp, #{v}",
    "ldp q0, q1, [x9, #0]",
    "ldp q2, q3, [x9, #32]",
    "ldp q4, q5, [x9, #64]",
    "ldp q6, q7, [x9, #96]",
    "ldp q8, q9, [x9, #128]",
    "ldp q10, q11, [x9, #160]",
    "ldp q12, q13, [x9, #192]",
    "ldp q14, q15, [x9, #224]",
    "ldp q16, q17, [x9, #256]",
    "ldp q18, q19, [x9, #288]",
    "ldp q20, q21, [x9, #320]",
    "ldp q22, q23, [x9, #352]",
    "ldp q24, q25, [x9, #384]",
    "ldp q26, q27, [x9, #416]",
    "ldp q28, q29, [x9, #448]",
    "ldp q30, q31, [x9, #480]",
    "ldp x9, x10, [sp, #{fpsr}]",
    "msr fpsr, x9",
    "msr fpcr, x10",
    ".endif",
    "ldp x9, x10, [sp, #{sp_el0}]",
    "msr sp_el0, x9",
    "msr elr_el1, x10",
    "ldr x11, [sp, #{spsr}]",
    "msr spsr_el1, x11",
    "ldp x0, x1, [sp]",
    "ldp x2, x3, [sp, #16]",
    "ldp x4, x5, [sp, #32]",
    "ldp x6, x7, [sp, #48]",
    "ldp x8, x9, [sp, #64]",
    "ldp x10, x11, [sp, #80]",
    "ldp x12, x13, [sp, #96]",
    "ldp x14, x15, [sp, #112]",
    "ldp x16, x17, [sp, #128]",
    "ldp x18, x19, [sp, #144]",
    "ldp x20, x21, [sp, #160]",
    "ldp x22, x23, [sp, #176]",
    "ldp x24, x25, [sp, #192]",
    "ldp x26, x27, [sp, #208]",
    "ldp x28, x29, [sp, #224]",
    "ldr x30, [sp, #240]",
    "add sp, sp, #{size}",
    "eret",
    // No straight-line speculation past `eret`.
    "dsb nsh",
    "isb",
    ".popsection",
    size = const size_of::<TrapFrame>(),
    sp_el0 = const offset_of!(TrapFrame, sp_el0),
    spsr = const offset_of!(TrapFrame, spsr),
    far = const offset_of!(TrapFrame, far),
    save_fp = const SAVES_FP as u8,
    fpsr = const FP_OFFSETS.0,
    v = const FP_OFFSETS.1,
    handle = sym handle,
);

// The assembly above hard-codes the general registers at the start of the frame and pairs
// fields with `stp`/`ldp`; these checks keep the Rust layout in step with it.
const _: () = {
    assert!(offset_of!(TrapFrame, x) == 0);
    assert!(offset_of!(TrapFrame, elr) == offset_of!(TrapFrame, sp_el0) + 8);
    assert!(offset_of!(TrapFrame, esr) == offset_of!(TrapFrame, spsr) + 8);
    #[cfg(target_feature = "neon")]
    assert!(offset_of!(TrapFrame, fp.fpcr) == offset_of!(TrapFrame, fp.fpsr) + 8);
    assert!(size_of::<TrapFrame>().is_multiple_of(16));
};

/// Installs the vector table in `VBAR_EL1` and lets EL0 read the counters
/// (`CNTKCTL_EL1.EL0VCTEN/EL0PCTEN`). Every exception that is not a syscall goes to the
/// registered kernel's [`EntryHooks::trap`](super::EntryHooks::trap).
///
/// # Safety
/// Must run at EL1 with a valid `SP_EL1`: exceptions from EL0 are taken on the EL1 stack as it
/// was when EL0 was entered.
pub unsafe fn init() {
    // SAFETY: the table is 2 KiB aligned and its entries follow the architectural layout.
    unsafe {
        select_entry(Entry::Framework);
        asm!("msr cntkctl_el1, {}", "isb", in(reg) 0b11u64, options(nostack));
    }
}
