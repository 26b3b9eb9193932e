//! What the trap entry calls in the kernel: [`EntryHooks`], registered with
//! [`kernel!`](crate::kernel!).

use super::{Trap, TrapFrame};

/// The riscv64 entry's calls into the kernel, implemented by the type registered with
/// [`kernel!`](crate::kernel!) next to [`Kernel`](crate::Kernel).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement the architecture's entry hooks",
    label = "a sysgate kernel implements `sysgate::arch::EntryHooks` too",
    note = "`impl sysgate::arch::EntryHooks for {Self} {{}}` keeps every default"
)]
pub trait EntryHooks {
    /// Runs after every syscall with the saved frame (result in `a0`) just before the return
    /// to U-mode — Linux's exit-to-user work: what must happen outside any handler, such as ending
    /// a process terminated during the call. The default does nothing.
    #[inline(always)]
    fn exit_work(frame: &mut TrapFrame) {
        let _ = frame;
    }

    /// Handles every trap that is not a syscall. When it returns, the entry restores
    /// `frame` and resumes where it points; to resume elsewhere (or not at all) it edits the
    /// frame or diverges. The default panics with the trap and the frame.
    fn trap(trap: &Trap, frame: &mut TrapFrame) {
        panic!("{trap}\n{frame}")
    }
}

unsafe extern "Rust" {
    #[link_name = "sysgate::kernel!(exit_work)"]
    safe fn exit_work_hook(frame: &mut TrapFrame);
    #[link_name = "sysgate::kernel!(trap)"]
    safe fn trap_hook(trap: &Trap, frame: &mut TrapFrame);
}

/// The registered kernel's [`EntryHooks::exit_work`].
#[inline(always)]
pub(super) fn exit_work(frame: &mut TrapFrame) {
    exit_work_hook(frame)
}

/// The registered kernel's [`EntryHooks::trap`].
pub(super) fn trap(trap: &Trap, frame: &mut TrapFrame) {
    trap_hook(trap, frame)
}

/// The riscv64 part of [`kernel!`](crate::kernel!).
#[doc(hidden)]
#[macro_export]
macro_rules! __entry_hooks {
    ($kernel:ty) => {
        #[unsafe(export_name = "sysgate::kernel!(exit_work)")]
        fn exit_work(frame: &mut $crate::arch::riscv64::TrapFrame) {
            <$kernel as $crate::arch::EntryHooks>::exit_work(frame)
        }
        #[unsafe(export_name = "sysgate::kernel!(trap)")]
        fn trap(trap: &$crate::arch::riscv64::Trap, frame: &mut $crate::arch::riscv64::TrapFrame) {
            <$kernel as $crate::arch::EntryHooks>::trap(trap, frame)
        }
    };
}
