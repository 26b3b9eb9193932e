//! What the `syscall` entry calls in the kernel: [`EntryHooks`], registered with
//! [`kernel!`](crate::kernel!).

use super::SyscallFrame;

/// The x86_64 entry's calls into the kernel, implemented by the type registered with
/// [`kernel!`](crate::kernel!) next to [`Kernel`](crate::Kernel).
///
/// The kernel owns the IDT on x86_64, so the only hook is the exit work.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement the architecture's entry hooks",
    label = "a sysgate kernel implements `sysgate::arch::EntryHooks` too",
    note = "`impl sysgate::arch::EntryHooks for {Self} {{}}` keeps every default"
)]
pub trait EntryHooks {
    /// Runs after every syscall with the saved frame (result in `rax`) on the kernel stack, just
    /// before the return to user mode — Linux's exit-to-user work: what must happen outside any
    /// handler, such as ending a process terminated during the call. The default does nothing.
    #[inline(always)]
    fn exit_work(frame: &mut SyscallFrame) {
        let _ = frame;
    }
}

unsafe extern "Rust" {
    #[link_name = "sysgate::kernel!(exit_work)"]
    safe fn exit_work_hook(frame: &mut SyscallFrame);
}

/// The registered kernel's [`EntryHooks::exit_work`].
#[inline(always)]
pub(super) fn exit_work(frame: &mut SyscallFrame) {
    exit_work_hook(frame)
}

/// The x86_64 part of [`kernel!`](crate::kernel!).
#[doc(hidden)]
#[macro_export]
macro_rules! __entry_hooks {
    ($kernel:ty) => {
        #[unsafe(export_name = "sysgate::kernel!(exit_work)")]
        fn exit_work(frame: &mut $crate::arch::x86_64::SyscallFrame) {
            <$kernel as $crate::arch::EntryHooks>::exit_work(frame)
        }
    };
}
