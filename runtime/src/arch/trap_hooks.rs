//! The entry hooks of the architectures whose entry takes every trap (AArch64, RISC-V): one
//! definition, generated in each arch's `hooks` module by `trap_hooks!`.

/// Defines, in an arch's `hooks` module (with its `Trap` and `TrapFrame` in scope), the
/// `EntryHooks` trait, the `exit_to_user` and `trap` calls into the registered kernel and the
/// `__entry_hooks!` part of [`kernel!`](crate::kernel!). The literals name, for the docs, the
/// result register, the user privilege level and what the arch calls a trap.
macro_rules! trap_hooks {
    (
        arch: $arch:ident,
        result: $result:literal,
        user_mode: $user_mode:literal,
        trap: $trap:literal $(,)?
    ) => {
        #[doc = concat!(
            "The ", stringify!($arch), " entry's calls into the kernel, implemented by the type ",
            "registered with\n[`kernel!`](crate::kernel!) next to [`Kernel`](crate::Kernel)."
        )]
        #[diagnostic::on_unimplemented(
            message = "`{Self}` does not implement the architecture's entry hooks",
            label = "a sysgate kernel implements `sysgate::arch::EntryHooks` too",
            note = "`impl sysgate::arch::EntryHooks for {Self} {{}}` keeps every default"
        )]
        pub trait EntryHooks {
            #[doc = concat!(
                "Runs with interrupts masked before every return to ", $user_mode, " — after a ",
                "syscall (result in `", $result, "`) and after every\nother ", $trap, " taken ",
                "from ", $user_mode, " — once for each time the current thread's work word\n",
                "([`crate::thread::Thread::raise`]) is found non-empty, with the work taken from ",
                "it; the entry loops\nuntil the word stays empty ",
                "([`crate::thread::exit_to_user_mode`]). Linux's exit-to-user work: what\nmust ",
                "happen outside any handler — a reschedule, the end of a process terminated ",
                "during the call,\na signal's delivery and the interrupted call's restart — is ",
                "work a kernel raises on the thread,\nso a return with none costs one check of ",
                "the word. It may enable interrupts, switch threads and\nedit `frame`. The ",
                "default does nothing."
            )]
            #[inline(always)]
            fn exit_to_user(frame: &mut TrapFrame, work: $crate::thread::Work) {
                let _ = (frame, work);
            }

            #[doc = concat!(
                "Handles every ", $trap, " that is not a syscall. When it returns, the entry ",
                "restores\n`frame` and resumes where it points; to resume elsewhere (or not at ",
                "all) it edits the\nframe or diverges. The default panics with the ", $trap,
                " and the frame."
            )]
            fn trap(trap: &Trap, frame: &mut TrapFrame) {
                panic!("{trap}\n{frame}")
            }
        }

        unsafe extern "Rust" {
            #[link_name = "sysgate::kernel!(exit_to_user)"]
            safe fn exit_to_user_hook(frame: &mut TrapFrame, work: $crate::thread::Work);
            #[link_name = "sysgate::kernel!(trap)"]
            safe fn trap_hook(trap: &Trap, frame: &mut TrapFrame);
        }

        /// The registered kernel's [`EntryHooks::exit_to_user`].
        #[inline(always)]
        pub(super) fn exit_to_user(frame: &mut TrapFrame, work: $crate::thread::Work) {
            exit_to_user_hook(frame, work)
        }

        /// The registered kernel's [`EntryHooks::trap`].
        pub(super) fn trap(trap: &Trap, frame: &mut TrapFrame) {
            trap_hook(trap, frame)
        }

        #[doc = concat!("The ", stringify!($arch), " part of [`kernel!`](crate::kernel!).")]
        #[doc(hidden)]
        #[macro_export]
        macro_rules! __entry_hooks {
            ($kernel:ty) => {
                #[unsafe(export_name = "sysgate::kernel!(exit_to_user)")]
                fn exit_to_user(
                    frame: &mut $crate::arch::$arch::TrapFrame,
                    work: $crate::thread::Work,
                ) {
                    <$kernel as $crate::arch::EntryHooks>::exit_to_user(frame, work)
                }
                #[unsafe(export_name = "sysgate::kernel!(trap)")]
                fn trap(
                    trap: &$crate::arch::$arch::Trap,
                    frame: &mut $crate::arch::$arch::TrapFrame,
                ) {
                    <$kernel as $crate::arch::EntryHooks>::trap(trap, frame)
                }
            };
        }
    };
}
