//! AArch64 pieces of the user program: the raw stubs and the register-level checks.

use core::arch::asm;

pub use sysgate::arch::aarch64::{syscall0, syscall1, syscall2, syscall4};

/// The name of the [`registers_preserved`] check.
pub const REGISTERS_CHECK: &str =
    "registers survive a syscall (all but x0; NZCV, v0-v31, FPCR, FPSR too)";

/// The name of the check that a signal handler running at a syscall's return changes no
/// register of the interrupted code.
pub const SIGNAL_REGISTERS_CHECK: &str =
    "FP/SIMD registers and every general register survive a signal handler (all but x0)";

/// Signal handlers run by [`registers_preserved`] for syscall `kill`: one per syscall it makes.
pub const HANDLERS_PER_CHECK: usize = 2;

/// Whether syscall `nr` with `args` in `x0`, `x1` keeps every general register but `x0`, the
/// NZCV flags, and all of `v0..v31`, FPCR and FPSR; it makes the call twice.
pub fn registers_preserved(nr: usize, args: [usize; 2]) -> bool {
    general_preserved(nr, args) && fp_preserved(nr, args)
}

/// `x1..x7`, `x9..x17`, `x20..x28` (`x18`, `x19` and `x29` cannot be asm operands) and NZCV.
fn general_preserved(nr: usize, args: [usize; 2]) -> bool {
    const NZCV: u64 = 0b1010 << 28;
    let mut v: [usize; 23] = core::array::from_fn(|i| 0x1111_1111_1111_1111 * (i + 1));
    v[0] = args[1];
    let mut o = v;
    let mut nzcv = NZCV;
    // SAFETY: a plain syscall; only x0 may change.
    unsafe {
        asm!(
            "msr nzcv, {nzcv}",
            "svc #0",
            "mrs {nzcv}, nzcv",
            nzcv = inout(reg) nzcv,
            in("x8") nr,
            inlateout("x0") args[0] => _,
            inout("x1") o[0], inout("x2") o[1], inout("x3") o[2], inout("x4") o[3],
            inout("x5") o[4], inout("x6") o[5], inout("x7") o[6], inout("x9") o[7],
            inout("x10") o[8], inout("x11") o[9], inout("x12") o[10], inout("x13") o[11],
            inout("x14") o[12], inout("x15") o[13], inout("x16") o[14], inout("x17") o[15],
            inout("x20") o[16], inout("x21") o[17], inout("x22") o[18], inout("x23") o[19],
            inout("x24") o[20], inout("x25") o[21], inout("x26") o[22],
            options(nostack),
        );
    }
    o == v && nzcv == NZCV
}

/// `v0..v31` (all 128 bits), FPCR (round toward zero) and FPSR (every cumulative flag).
fn fp_preserved(nr: usize, args: [usize; 2]) -> bool {
    const FPCR: u64 = 0b11 << 22;
    const FPSR: u64 = 0x9f;
    let v: [u128; 32] = core::array::from_fn(|i| {
        let i = i as u128 + 1;
        ((0x0123_4567_89ab_cdef_u128 * i) << 64) | (0x1111_1111_1111_1111 * i)
    });
    let mut o = [0u128; 32];
    let (fpcr, fpsr): (u64, u64);
    // SAFETY: a plain syscall; every SIMD register is declared clobbered, FPCR is restored.
    unsafe {
        asm!(
            "mrs {saved}, fpcr",
            "msr fpcr, {fpcr_in}",
            "msr fpsr, {fpsr_in}",
            "ldp q0, q1, [{v}]", "ldp q2, q3, [{v}, #32]", "ldp q4, q5, [{v}, #64]",
            "ldp q6, q7, [{v}, #96]", "ldp q8, q9, [{v}, #128]", "ldp q10, q11, [{v}, #160]",
            "ldp q12, q13, [{v}, #192]", "ldp q14, q15, [{v}, #224]",
            "ldp q16, q17, [{v}, #256]", "ldp q18, q19, [{v}, #288]",
            "ldp q20, q21, [{v}, #320]", "ldp q22, q23, [{v}, #352]",
            "ldp q24, q25, [{v}, #384]", "ldp q26, q27, [{v}, #416]",
            "ldp q28, q29, [{v}, #448]", "ldp q30, q31, [{v}, #480]",
            "svc #0",
            "stp q0, q1, [{o}]", "stp q2, q3, [{o}, #32]", "stp q4, q5, [{o}, #64]",
            "stp q6, q7, [{o}, #96]", "stp q8, q9, [{o}, #128]", "stp q10, q11, [{o}, #160]",
            "stp q12, q13, [{o}, #192]", "stp q14, q15, [{o}, #224]",
            "stp q16, q17, [{o}, #256]", "stp q18, q19, [{o}, #288]",
            "stp q20, q21, [{o}, #320]", "stp q22, q23, [{o}, #352]",
            "stp q24, q25, [{o}, #384]", "stp q26, q27, [{o}, #416]",
            "stp q28, q29, [{o}, #448]", "stp q30, q31, [{o}, #480]",
            "mrs {fpcr_out}, fpcr",
            "mrs {fpsr_out}, fpsr",
            "msr fpcr, {saved}",
            "msr fpsr, xzr",
            v = in(reg) v.as_ptr(),
            o = in(reg) o.as_mut_ptr(),
            fpcr_in = in(reg) FPCR,
            fpsr_in = in(reg) FPSR,
            saved = out(reg) _,
            fpcr_out = lateout(reg) fpcr,
            fpsr_out = lateout(reg) fpsr,
            in("x8") nr,
            inlateout("x0") args[0] => _,
            in("x1") args[1],
            out("v0") _, out("v1") _, out("v2") _, out("v3") _, out("v4") _, out("v5") _,
            out("v6") _, out("v7") _, out("v8") _, out("v9") _, out("v10") _, out("v11") _,
            out("v12") _, out("v13") _, out("v14") _, out("v15") _, out("v16") _,
            out("v17") _, out("v18") _, out("v19") _, out("v20") _, out("v21") _,
            out("v22") _, out("v23") _, out("v24") _, out("v25") _, out("v26") _,
            out("v27") _, out("v28") _, out("v29") _, out("v30") _, out("v31") _,
            options(nostack),
        );
    }
    o == v && fpcr == FPCR && fpsr == FPSR
}

/// Makes syscall `nr` with the stack pointer 0: it must come back 0, not a kernel address.
pub fn zero_sp_survives(nr: usize) -> bool {
    let sp: usize;
    // SAFETY: nothing touches the stack while sp is 0; the syscall does not use it.
    unsafe {
        asm!(
            "mov {saved}, sp",
            "mov {sp}, xzr",
            "mov sp, {sp}",
            "svc #0",
            "mov {sp}, sp",
            "mov sp, {saved}",
            saved = out(reg) _,
            sp = out(reg) sp,
            in("x8") nr,
            lateout("x0") _,
        );
    }
    sp == 0
}

/// Makes syscall `nr` from the last four bytes of the 39-bit lower address range, so that it
/// returns to `1 << 39`, the first address no translation table covers. The program ends with
/// an instruction abort there.
pub fn return_to_non_canonical(nr: usize) -> ! {
    const SVC_AT: usize = (1 << 39) - 4;
    // SAFETY: the kernel maps the top user block writable and executable for this test.
    unsafe {
        core::ptr::write_volatile(SVC_AT as *mut u32, 0xd400_0001);
        asm!(
            "dc cvau, {at}",
            "dsb ish",
            "ic ivau, {at}",
            "dsb ish",
            "isb",
            "br {at}",
            at = in(reg) SVC_AT,
            in("x8") nr,
            options(noreturn),
        );
    }
}

/// The context a signal frame saves on this architecture.
pub type Context = sysgate::signal::context::Aarch64Context;

/// Edits a saved context to resume in EL1 with interrupts masked, which user code may never
/// choose.
pub fn forge(context: &mut Context) {
    context.pstate |= 0b0101 | (0xf << 6);
}

/// Overwrites every register a signal handler may change (the kernel must restore them all):
/// the caller-saved general registers, all of `v0..v31`, FPCR and FPSR.
pub fn clobber_registers() {
    // SAFETY: only writes registers, each declared clobbered; FPCR goes back to the default.
    unsafe {
        asm!(
            "mov x9, #-1",
            ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17",
            "mov x\\n, x9",
            ".endr",
            "dup v0.2d, x9", "dup v1.2d, x9", "dup v2.2d, x9", "dup v3.2d, x9",
            "dup v4.2d, x9", "dup v5.2d, x9", "dup v6.2d, x9", "dup v7.2d, x9",
            "dup v8.2d, x9", "dup v9.2d, x9", "dup v10.2d, x9", "dup v11.2d, x9",
            "dup v12.2d, x9", "dup v13.2d, x9", "dup v14.2d, x9", "dup v15.2d, x9",
            "dup v16.2d, x9", "dup v17.2d, x9", "dup v18.2d, x9", "dup v19.2d, x9",
            "dup v20.2d, x9", "dup v21.2d, x9", "dup v22.2d, x9", "dup v23.2d, x9",
            "dup v24.2d, x9", "dup v25.2d, x9", "dup v26.2d, x9", "dup v27.2d, x9",
            "dup v28.2d, x9", "dup v29.2d, x9", "dup v30.2d, x9", "dup v31.2d, x9",
            "msr fpsr, xzr",
            "msr fpcr, xzr",
            out("x0") _, out("x1") _, out("x2") _, out("x3") _, out("x4") _, out("x5") _,
            out("x6") _, out("x7") _, out("x8") _, out("x9") _, out("x10") _, out("x11") _,
            out("x12") _, out("x13") _, out("x14") _, out("x15") _, out("x16") _,
            out("x17") _,
            out("v0") _, out("v1") _, out("v2") _, out("v3") _, out("v4") _, out("v5") _,
            out("v6") _, out("v7") _, out("v8") _, out("v9") _, out("v10") _, out("v11") _,
            out("v12") _, out("v13") _, out("v14") _, out("v15") _, out("v16") _,
            out("v17") _, out("v18") _, out("v19") _, out("v20") _, out("v21") _,
            out("v22") _, out("v23") _, out("v24") _, out("v25") _, out("v26") _,
            out("v27") _, out("v28") _, out("v29") _, out("v30") _, out("v31") _,
            options(nostack, nomem),
        );
    }
}

/// The restorer a signal handler returns to: calls `rt_sigreturn` (number 15).
#[unsafe(naked)]
pub extern "C" fn restorer() -> ! {
    core::arch::naked_asm!("mov x8, #15", "svc #0", "brk #0");
}
