//! x86_64 pieces of the user program: the raw stubs and the register-level checks.

use core::arch::asm;

pub use sysgate::arch::x86_64::user::{syscall0, syscall1, syscall2, syscall4};

/// The name of the [`registers_preserved`] check.
pub const REGISTERS_CHECK: &str = "registers survive a syscall (all but rax, rcx, r11; flags too)";

/// Whether a syscall keeps every register but `rax`, `rcx` and `r11`, and the flags.
pub fn registers_preserved(nr: usize) -> bool {
    let v: [usize; 10] = core::array::from_fn(|i| 0x1111_1111_1111_1111 * (i + 1));
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
