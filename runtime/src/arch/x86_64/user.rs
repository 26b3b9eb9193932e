//! Raw user-side stubs: one `syscall` instruction each.
//!
//! Number in `rax`, arguments in `rdi, rsi, rdx, r10, r8, r9`, result in `rax`; `rcx` and `r11`
//! are clobbered. They are `#[inline(always)]` so user code never calls into kernel text.

use core::arch::asm;

macro_rules! stubs {
    ($($(#[$doc:meta])* $name:ident($($arg:ident => $reg:tt),*);)*) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        /// The call does whatever the kernel's handler for `nr` does with the arguments.
        #[inline(always)]
        pub unsafe fn $name(nr: usize $(, $arg: usize)*) -> isize {
            let ret: isize;
            // SAFETY: `syscall` clobbers only rax, rcx, r11 and does not touch the user stack.
            unsafe {
                asm!(
                    "syscall",
                    inlateout("rax") nr as isize => ret,
                    $(in($reg) $arg,)*
                    lateout("rcx") _,
                    lateout("r11") _,
                    options(nostack),
                );
            }
            ret
        }
    )*};
}

stubs! {
    /// Makes system call `nr` with no argument.
    syscall0();
    /// Makes system call `nr` with one argument.
    syscall1(a0 => "rdi");
    /// Makes system call `nr` with two arguments.
    syscall2(a0 => "rdi", a1 => "rsi");
    /// Makes system call `nr` with three arguments.
    syscall3(a0 => "rdi", a1 => "rsi", a2 => "rdx");
    /// Makes system call `nr` with four arguments.
    syscall4(a0 => "rdi", a1 => "rsi", a2 => "rdx", a3 => "r10");
    /// Makes system call `nr` with five arguments.
    syscall5(a0 => "rdi", a1 => "rsi", a2 => "rdx", a3 => "r10", a4 => "r8");
    /// Makes system call `nr` with six arguments.
    syscall6(a0 => "rdi", a1 => "rsi", a2 => "rdx", a3 => "r10", a4 => "r8", a5 => "r9");
}
