//! User-side stubs for the architectures whose syscall instruction changes no register but the
//! result (AArch64 `svc #0`, RISC-V `ecall`): the number goes in a register of its own, the
//! arguments in six more, the first of which also carries the result back.

/// Defines `syscall0..syscall6`, each one `$insn` with the number in `$nr` and the arguments in
/// `$r0..$r5`, the result in `$r0`. No other register is clobbered. The stubs are
/// `#[inline(always)]`, so user code never calls into kernel text.
macro_rules! register_stubs {
    ($insn:literal, nr: $nr:tt, args: [$r0:tt, $r1:tt, $r2:tt, $r3:tt, $r4:tt, $r5:tt]) => {
        $crate::arch::stubs::register_stubs! {
            @each $insn, $nr, $r0;
            /// Makes syscall `nr` with no arguments.
            syscall0();
            /// Makes syscall `nr` with one argument.
            syscall1(a0);
            /// Makes syscall `nr` with two arguments.
            syscall2(a0, a1 => $r1);
            /// Makes syscall `nr` with three arguments.
            syscall3(a0, a1 => $r1, a2 => $r2);
            /// Makes syscall `nr` with four arguments.
            syscall4(a0, a1 => $r1, a2 => $r2, a3 => $r3);
            /// Makes syscall `nr` with five arguments.
            syscall5(a0, a1 => $r1, a2 => $r2, a3 => $r3, a4 => $r4);
            /// Makes syscall `nr` with six arguments.
            syscall6(a0, a1 => $r1, a2 => $r2, a3 => $r3, a4 => $r4, a5 => $r5);
        }
    };
    (@each $insn:literal, $nr:tt, $ret:tt; $($(#[$doc:meta])* $name:ident $args:tt;)*) => {$(
        $crate::arch::stubs::register_stubs! {
            @stub $insn, $nr, $ret;
            $(#[$doc])*
            ///
            /// # Safety
            /// The syscall may do anything its handler does (exit, write through user pointers, …).
            $name $args
        }
    )*};
    (@stub $insn:literal, $nr:tt, $ret:tt; $(#[$doc:meta])* $name:ident()) => {
        $(#[$doc])*
        #[inline(always)]
        pub unsafe fn $name(nr: usize) -> isize {
            let ret: isize;
            // SAFETY: upheld by the caller; the kernel preserves every register but the result.
            unsafe { ::core::arch::asm!($insn, in($nr) nr, lateout($ret) ret, options(nostack)) };
            ret
        }
    };
    (
        @stub $insn:literal, $nr:tt, $ret:tt;
        $(#[$doc:meta])* $name:ident($a0:ident $(, $arg:ident => $reg:tt)*)
    ) => {
        $(#[$doc])*
        #[inline(always)]
        pub unsafe fn $name(nr: usize, $a0: usize $(, $arg: usize)*) -> isize {
            let ret: isize;
            // SAFETY: upheld by the caller; the kernel preserves every register but the result.
            unsafe {
                ::core::arch::asm!(
                    $insn,
                    in($nr) nr,
                    inlateout($ret) $a0 => ret,
                    $(in($reg) $arg,)*
                    options(nostack),
                )
            };
            ret
        }
    };
}

pub(crate) use register_stubs;
