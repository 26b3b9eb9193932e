//! RISC-V pieces of the user program: the raw stubs and the register-level checks.

use core::arch::asm;

pub use sysgate::arch::riscv64::{syscall0, syscall1, syscall2, syscall4};

/// The name of the [`registers_preserved`] check.
pub const REGISTERS_CHECK: &str = "registers survive a syscall (all but a0; f0-f31, fcsr too)";

/// The name of the check that a signal handler running at a syscall's return changes no
/// register of the interrupted code.
pub const SIGNAL_REGISTERS_CHECK: &str =
    "FP/SIMD registers and every general register survive a signal handler (all but a0)";

/// Signal handlers run by [`registers_preserved`] for syscall `kill`: one per syscall it makes.
pub const HANDLERS_PER_CHECK: usize = 2;

/// Whether syscall `nr` with `args` in `a0`, `a1` keeps every general register but `a0`, and
/// all of `f0..f31` and `fcsr`; it makes the call twice.
pub fn registers_preserved(nr: usize, args: [usize; 2]) -> bool {
    general_preserved(nr, args) && fp_preserved(nr, args)
}

/// `t0..t6`, `a1..a6` and `s2..s11` (`s0`, `s1`, `gp`, `tp` cannot be asm operands).
fn general_preserved(nr: usize, args: [usize; 2]) -> bool {
    let mut v: [usize; 23] = core::array::from_fn(|i| 0x1111_1111_1111_1111 * (i + 1));
    v[7] = args[1];
    let mut o = v;
    // SAFETY: a plain syscall; only a0 may change.
    unsafe {
        asm!(
            "ecall",
            in("a7") nr,
            inlateout("a0") args[0] => _,
            inout("t0") o[0], inout("t1") o[1], inout("t2") o[2], inout("t3") o[3],
            inout("t4") o[4], inout("t5") o[5], inout("t6") o[6], inout("a1") o[7],
            inout("a2") o[8], inout("a3") o[9], inout("a4") o[10], inout("a5") o[11],
            inout("a6") o[12], inout("s2") o[13], inout("s3") o[14], inout("s4") o[15],
            inout("s5") o[16], inout("s6") o[17], inout("s7") o[18], inout("s8") o[19],
            inout("s9") o[20], inout("s10") o[21], inout("s11") o[22],
            options(nostack),
        );
    }
    o == v
}

/// `f0..f31` and `fcsr` (round toward zero, every accrued flag).
fn fp_preserved(nr: usize, args: [usize; 2]) -> bool {
    const FCSR: usize = (0b001 << 5) | 0x1f;
    let v: [u64; 32] = core::array::from_fn(|i| 0x0123_4567_89ab_cdef * (i as u64 + 1));
    let mut o = [0u64; 32];
    let fcsr: usize;
    // SAFETY: a plain syscall; every FP register is declared clobbered, fcsr is restored.
    unsafe {
        asm!(
            "fscsr {saved}, {fcsr_in}",
            ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
            "fld f\\n, \\n*8({v})",
            ".endr",
            "ecall",
            ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
            "fsd f\\n, \\n*8({o})",
            ".endr",
            "fscsr {fcsr_out}, {saved}",
            v = in(reg) v.as_ptr(),
            o = in(reg) o.as_mut_ptr(),
            fcsr_in = in(reg) FCSR,
            saved = out(reg) _,
            fcsr_out = lateout(reg) fcsr,
            in("a7") nr,
            inlateout("a0") args[0] => _,
            in("a1") args[1],
            out("f0") _, out("f1") _, out("f2") _, out("f3") _, out("f4") _, out("f5") _,
            out("f6") _, out("f7") _, out("f8") _, out("f9") _, out("f10") _, out("f11") _,
            out("f12") _, out("f13") _, out("f14") _, out("f15") _, out("f16") _,
            out("f17") _, out("f18") _, out("f19") _, out("f20") _, out("f21") _,
            out("f22") _, out("f23") _, out("f24") _, out("f25") _, out("f26") _,
            out("f27") _, out("f28") _, out("f29") _, out("f30") _, out("f31") _,
            options(nostack),
        );
    }
    o == v && fcsr == FCSR
}

/// Makes syscall `nr` with the stack pointer 0: it must come back 0, not a kernel address.
pub fn zero_sp_survives(nr: usize) -> bool {
    let sp: usize;
    // SAFETY: nothing touches the stack while sp is 0; the syscall does not use it.
    unsafe {
        asm!(
            "mv {saved}, sp",
            "li sp, 0",
            "ecall",
            "mv {sp}, sp",
            "mv sp, {saved}",
            saved = out(reg) _,
            sp = out(reg) sp,
            in("a7") nr,
            lateout("a0") _,
        );
    }
    sp == 0
}

/// Makes syscall `nr` from the last four bytes of the Sv39 lower half, so that it returns to
/// `1 << 38`, the first address Sv39 cannot translate. The program ends with an instruction
/// page fault there.
pub fn return_to_non_canonical(nr: usize) -> ! {
    const ECALL_AT: usize = (1 << 38) - 4;
    // SAFETY: the kernel maps the top user megapage writable and executable for this test.
    unsafe {
        core::ptr::write_volatile(ECALL_AT as *mut u32, 0x0000_0073);
        asm!("fence.i", "jr {at}", at = in(reg) ECALL_AT, in("a7") nr, options(noreturn));
    }
}

/// The context a signal frame saves on this architecture.
pub type Context = sysgate::signal::context::Riscv64Context;

/// Edits a saved context to resume in S-mode (`sstatus.SPP`), which user code may never
/// choose.
pub fn forge(context: &mut Context) {
    context.sstatus |= 1 << 8;
}

/// Overwrites every register a signal handler may change (the kernel must restore them all):
/// the caller-saved general registers, all of `f0..f31` and `fcsr`.
pub fn clobber_registers() {
    // SAFETY: only writes registers, each declared clobbered.
    unsafe {
        asm!(
            "li t0, -1",
            ".irp r, t1, t2, t3, t4, t5, t6, a0, a1, a2, a3, a4, a5, a6, a7",
            "mv \\r, t0",
            ".endr",
            ".irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31",
            "fmv.d.x f\\n, t0",
            ".endr",
            "csrw fcsr, zero",
            out("t0") _, out("t1") _, out("t2") _, out("t3") _, out("t4") _, out("t5") _,
            out("t6") _, out("a0") _, out("a1") _, out("a2") _, out("a3") _, out("a4") _,
            out("a5") _, out("a6") _, out("a7") _,
            out("f0") _, out("f1") _, out("f2") _, out("f3") _, out("f4") _, out("f5") _,
            out("f6") _, out("f7") _, out("f8") _, out("f9") _, out("f10") _, out("f11") _,
            out("f12") _, out("f13") _, out("f14") _, out("f15") _, out("f16") _,
            out("f17") _, out("f18") _, out("f19") _, out("f20") _, out("f21") _,
            out("f22") _, out("f23") _, out("f24") _, out("f25") _, out("f26") _,
            out("f27") _, out("f28") _, out("f29") _, out("f30") _, out("f31") _,
            options(nostack, nomem),
        );
    }
}

/// The restorer a signal handler returns to: calls `rt_sigreturn` (number 15).
#[unsafe(naked)]
pub extern "C" fn restorer() -> ! {
    core::arch::naked_asm!("li a7, 15", "ecall", "unimp");
}
