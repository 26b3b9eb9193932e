//! x86_64 pieces of the user program: the raw stubs and the register-level checks.

use core::arch::asm;

pub use sysgate::arch::x86_64::user::{syscall0, syscall1, syscall2, syscall4};

/// The name of the [`registers_preserved`] check.
pub const REGISTERS_CHECK: &str = "registers survive a syscall (all but rax, rcx, r11; flags too)";

/// The name of the check that a signal handler running at a syscall's return changes no
/// register of the interrupted code.
pub const SIGNAL_REGISTERS_CHECK: &str =
    "every general register survive a signal handler (all but rax, rcx, r11; no user FP/SIMD)";

/// Signal handlers run by [`registers_preserved`] for syscall `kill`.
pub const HANDLERS_PER_CHECK: usize = 1;

/// Whether syscall `nr` with `args` in its first two argument registers keeps every register
/// but `rax`, `rcx` and `r11`, and the flags.
pub fn registers_preserved(nr: usize, args: [usize; 2]) -> bool {
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

/// Overwrites every register a signal handler may change (the kernel must restore them all).
pub fn clobber_registers() {
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
