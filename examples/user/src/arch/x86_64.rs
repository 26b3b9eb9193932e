//! x86_64 pieces of the user program: the raw stubs and the register-level checks.

use core::arch::asm;

pub use sysgate::arch::x86_64::user::{syscall0, syscall1, syscall2, syscall4};

/// The name of the [`registers_preserved`] check.
pub const REGISTERS_CHECK: &str =
    "registers survive a syscall (all but rax, rcx, r11; flags, xmm0-xmm15, MXCSR too)";

/// The name of the check that a signal handler running at a syscall's return changes no
/// register of the interrupted code.
pub const SIGNAL_REGISTERS_CHECK: &str =
    "FP/SIMD registers and every general register survive a signal handler (all but rax, rcx, r11)";

/// Signal handlers run by [`registers_preserved`] for syscall `kill`: one per syscall it makes.
pub const HANDLERS_PER_CHECK: usize = 2;

/// Whether syscall `nr` with `args` in its first two argument registers keeps every register
/// but `rax`, `rcx` and `r11`, the flags, `xmm0..xmm15` and MXCSR; it makes the call twice.
pub fn registers_preserved(nr: usize, args: [usize; 2]) -> bool {
    general_preserved(nr, args) && sse_preserved(nr, args)
}

/// `rdi`, `rsi`, `rdx`, `r8`..`r10`, `r12`..`r15` and the carry flag.
fn general_preserved(nr: usize, args: [usize; 2]) -> bool {
    let mut v: [usize; 10] = core::array::from_fn(|i| 0x1111_1111_1111_1111 * (i + 1));
    (v[0], v[1]) = (args[0], args[1]);
    let mut o = v;
    let carry: u8;
    // SAFETY: a plain syscall; every register it may change is declared.
    unsafe {
        asm!(
            "stc",
            "syscall",
            "setc {carry}",
            carry = out(reg_byte) carry,
            inlateout("rax") nr => _,
            inout("rdi") o[0], inout("rsi") o[1], inout("rdx") o[2], inout("r10") o[3],
            inout("r8") o[4], inout("r9") o[5], inout("r12") o[6], inout("r13") o[7],
            inout("r14") o[8], inout("r15") o[9],
            lateout("rcx") _, lateout("r11") _,
            options(nostack),
        );
    }
    o == v && carry == 1
}

/// `xmm0..xmm15` (all 128 bits) and MXCSR (round toward zero, every exception masked).
///
/// The program is built soft-float: the compiler keeps nothing in SSE registers (and cannot
/// name them as operands), so the asm uses them freely without declaring them.
fn sse_preserved(nr: usize, args: [usize; 2]) -> bool {
    const MXCSR: u32 = 0x7f80;
    let v: [u128; 16] = core::array::from_fn(|i| {
        let i = i as u128 + 1;
        ((0x0123_4567_89ab_cdef_u128 * i) << 64) | (0x1111_1111_1111_1111 * i)
    });
    let mut o = [0u128; 16];
    let (mut mxcsr, mut saved) = (0u32, 0u32);
    // SAFETY: a syscall; the SSE registers hold nothing of the compiler's, MXCSR is restored.
    unsafe {
        asm!(
            "stmxcsr [{saved}]",
            "ldmxcsr [{mxcsr_in}]",
            "movdqu xmm0, [{v}]", "movdqu xmm1, [{v} + 16]", "movdqu xmm2, [{v} + 32]",
            "movdqu xmm3, [{v} + 48]", "movdqu xmm4, [{v} + 64]", "movdqu xmm5, [{v} + 80]",
            "movdqu xmm6, [{v} + 96]", "movdqu xmm7, [{v} + 112]", "movdqu xmm8, [{v} + 128]",
            "movdqu xmm9, [{v} + 144]", "movdqu xmm10, [{v} + 160]",
            "movdqu xmm11, [{v} + 176]", "movdqu xmm12, [{v} + 192]",
            "movdqu xmm13, [{v} + 208]", "movdqu xmm14, [{v} + 224]",
            "movdqu xmm15, [{v} + 240]",
            "syscall",
            "movdqu [{o}], xmm0", "movdqu [{o} + 16], xmm1", "movdqu [{o} + 32], xmm2",
            "movdqu [{o} + 48], xmm3", "movdqu [{o} + 64], xmm4", "movdqu [{o} + 80], xmm5",
            "movdqu [{o} + 96], xmm6", "movdqu [{o} + 112], xmm7", "movdqu [{o} + 128], xmm8",
            "movdqu [{o} + 144], xmm9", "movdqu [{o} + 160], xmm10",
            "movdqu [{o} + 176], xmm11", "movdqu [{o} + 192], xmm12",
            "movdqu [{o} + 208], xmm13", "movdqu [{o} + 224], xmm14",
            "movdqu [{o} + 240], xmm15",
            "stmxcsr [{mxcsr_out}]",
            "ldmxcsr [{saved}]",
            v = in(reg) v.as_ptr(),
            o = in(reg) o.as_mut_ptr(),
            mxcsr_in = in(reg) &MXCSR,
            mxcsr_out = in(reg) &mut mxcsr,
            saved = in(reg) &mut saved,
            inlateout("rax") nr => _,
            in("rdi") args[0],
            in("rsi") args[1],
            out("rcx") _, out("r11") _,
            options(nostack),
        );
    }
    o == v && mxcsr == MXCSR
}

/// Makes syscall `nr` with the stack pointer 0: it must come back 0, not a kernel address.
pub fn zero_sp_survives(nr: usize) -> bool {
    let sp: usize;
    // SAFETY: nothing touches the stack while rsp is 0; the syscall does not use it.
    unsafe {
        asm!(
            "mov {saved}, rsp",
            "xor esp, esp",
            "syscall",
            "mov {sp}, rsp",
            "mov rsp, {saved}",
            saved = out(reg) _,
            sp = out(reg) sp,
            inlateout("rax") nr => _,
            lateout("rcx") _,
            lateout("r11") _,
        );
    }
    sp == 0
}

/// Makes syscall `nr` from the last two bytes of the lower canonical half, so that it returns
/// to `0x0000_8000_0000_0000`, the first non-canonical address. The kernel must not return there with
/// `sysretq`; the program ends with a fault.
pub fn return_to_non_canonical(nr: usize) -> ! {
    const SYSCALL_AT: usize = 0x0000_7fff_ffff_fffe;
    // SAFETY: the kernel maps the top user page writable and executable for this test.
    unsafe {
        core::ptr::write_volatile(SYSCALL_AT as *mut [u8; 2], [0x0f, 0x05]);
        asm!("jmp {at}", at = in(reg) SYSCALL_AT, in("rax") nr, options(noreturn));
    }
}

/// The context a signal frame saves on this architecture.
pub type Context = sysgate::signal::context::X86_64Context;

/// Edits a saved context to resume with I/O privilege level 3, which user code may never set.
pub fn forge(context: &mut Context) {
    context.rflags |= 3 << 12;
}

/// Overwrites every register a signal handler may change (the kernel must restore them all):
/// the caller-saved general registers, `xmm0..xmm15` and MXCSR.
pub fn clobber_registers() {
    clobber_sse();
    // SAFETY: only writes registers, each declared clobbered.
    unsafe {
        asm!(
            "mov rax, -1", "mov rcx, -1", "mov rdx, -1", "mov rsi, -1", "mov rdi, -1",
            "mov r8, -1", "mov r9, -1", "mov r10, -1", "mov r11, -1",
            "xor eax, eax",
            out("rax") _, out("rcx") _, out("rdx") _, out("rsi") _, out("rdi") _,
            out("r8") _, out("r9") _, out("r10") _, out("r11") _,
            options(nostack, nomem),
        );
    }
}

/// The restorer a signal handler returns to: calls `rt_sigreturn` (number 15).
#[unsafe(naked)]
pub extern "C" fn restorer() -> ! {
    core::arch::naked_asm!("mov eax, 15", "syscall", "ud2");
}

/// Sets every bit of `xmm0..xmm15`, and MXCSR to its default (round to nearest); like
/// [`sse_preserved`], without operands the soft-float compiler cannot name.
fn clobber_sse() {
    const DEFAULT: u32 = 0x1f80;
    // SAFETY: only writes SSE registers, which hold nothing of the compiler's, and MXCSR.
    unsafe {
        asm!(
            "ldmxcsr [{mxcsr}]",
            "pcmpeqd xmm0, xmm0", "pcmpeqd xmm1, xmm1", "pcmpeqd xmm2, xmm2",
            "pcmpeqd xmm3, xmm3", "pcmpeqd xmm4, xmm4", "pcmpeqd xmm5, xmm5",
            "pcmpeqd xmm6, xmm6", "pcmpeqd xmm7, xmm7", "pcmpeqd xmm8, xmm8",
            "pcmpeqd xmm9, xmm9", "pcmpeqd xmm10, xmm10", "pcmpeqd xmm11, xmm11",
            "pcmpeqd xmm12, xmm12", "pcmpeqd xmm13, xmm13", "pcmpeqd xmm14, xmm14",
            "pcmpeqd xmm15, xmm15",
            mxcsr = in(reg) &DEFAULT,
            options(nostack, readonly),
        );
    }
}
