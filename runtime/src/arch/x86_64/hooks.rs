//! What the `syscall` entry calls in the kernel: [`EntryHooks`], registered with
//! [`kernel!`](crate::kernel!).

use super::SyscallFrame;
use crate::thread::Work;

/// The x86_64 entry's calls into the kernel, implemented by the type registered with
/// [`kernel!`](crate::kernel!) next to [`Kernel`](crate::Kernel).
///
/// The kernel owns the IDT on x86_64, so the hook is the syscall's exit work; its own
/// interrupt and exception returns to ring 3 call [`crate::thread::exit_to_user_mode`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement the architecture's entry hooks",
    label = "a sysgate kernel implements `sysgate::arch::EntryHooks` too",
    note = "`impl sysgate::arch::EntryHooks for {Self} {{}}` keeps every default"
)]
pub trait EntryHooks {
    /// Runs after every syscall (result in `rax`), with interrupts masked, once for each time
    /// the current thread's work word ([`crate::thread::Thread::raise`]) is found non-empty,
    /// with the work taken from it; the entry loops until the word stays empty
    /// ([`crate::thread::exit_to_user_mode`]). Linux's exit-to-user work: what must happen
    /// outside any handler — a reschedule, the end of a process terminated during the call, a
    /// signal's delivery and the interrupted call's restart — is work a kernel raises on the
    /// thread, so a return with none costs one check of the word. It may enable interrupts,
    /// switch threads and edit `frame`. The default does nothing.
    #[inline(always)]
    fn exit_to_user(frame: &mut SyscallFrame, work: Work) {
        let _ = (frame, work);
    }
}

unsafe extern "Rust" {
    #[link_name = "sysgate::kernel!(exit_to_user)"]
    safe fn exit_to_user_hook(frame: &mut SyscallFrame, work: Work);
}

/// The registered kernel's [`EntryHooks::exit_to_user`].
#[inline(always)]
pub(super) fn exit_to_user(frame: &mut SyscallFrame, work: Work) {
    exit_to_user_hook(frame, work)
}

/// The x86_64 part of [`kernel!`](crate::kernel!).
#[doc(hidden)]
#[macro_export]
macro_rules! __entry_hooks {
    ($kernel:ty) => {
        #[unsafe(export_name = "sysgate::kernel!(exit_to_user)")]
        fn exit_to_user(
            frame: &mut $crate::arch::x86_64::SyscallFrame,
            work: $crate::thread::Work,
        ) {
            <$kernel as $crate::arch::EntryHooks>::exit_to_user(frame, work)
        }
    };
}
