//! How the runtime reaches the registered kernel: [`kernel!`](crate::kernel!) exports one
//! function per [`Kernel`](super::Kernel) method under a fixed symbol name, and the runtime
//! declares and calls those symbols. The linker resolves them; every call is direct.
//!
//! A binary that uses the runtime without registering a kernel fails to link with
//! `undefined symbol: sysgate::kernel!(cpu_id)` (and the other methods): the symbol names
//! spell the macro that defines them.

use core::ops::Range;

use crate::Errno;
use crate::policy::Policy;

unsafe extern "Rust" {
    #[link_name = "sysgate::kernel!(cpu_id)"]
    safe fn cpu_id_hook() -> usize;
    #[link_name = "sysgate::kernel!(now)"]
    safe fn now_hook() -> u64;
    #[link_name = "sysgate::kernel!(clock_unit)"]
    safe fn clock_unit_hook() -> &'static str;
    #[link_name = "sysgate::kernel!(current_pid)"]
    safe fn current_pid_hook() -> u32;
    #[link_name = "sysgate::kernel!(policy)"]
    safe fn policy_hook() -> &'static Policy;
    #[link_name = "sysgate::kernel!(sleep_us)"]
    safe fn sleep_us_hook(us: u64);
    #[link_name = "sysgate::kernel!(reclaim_memory)"]
    safe fn reclaim_memory_hook() -> usize;
    #[link_name = "sysgate::kernel!(terminate_process)"]
    safe fn terminate_process_hook(pid: u32, errno: Errno);
    #[link_name = "sysgate::kernel!(may_escalate)"]
    safe fn may_escalate_hook(pid: u32, nr: usize) -> bool;
    #[link_name = "sysgate::kernel!(user_range)"]
    safe fn user_range_hook() -> Range<usize>;
}

/// The registered kernel's [`Kernel::cpu_id`](super::Kernel::cpu_id).
#[inline(always)]
pub fn cpu_id() -> usize {
    cpu_id_hook()
}

/// The registered kernel's clock, [`Kernel::now`](super::Kernel::now).
#[inline(always)]
pub fn now() -> u64 {
    now_hook()
}

/// The unit of [`now`], [`Kernel::clock_unit`](super::Kernel::clock_unit).
pub fn clock_unit() -> &'static str {
    clock_unit_hook()
}

/// The registered kernel's [`Kernel::current_pid`](super::Kernel::current_pid).
#[inline(always)]
pub fn current_pid() -> u32 {
    current_pid_hook()
}

/// The current thread's policy, [`Kernel::policy`](super::Kernel::policy).
#[inline(always)]
pub fn policy() -> &'static Policy {
    policy_hook()
}

/// The registered kernel's [`Kernel::sleep_us`](super::Kernel::sleep_us).
pub fn sleep_us(us: u64) {
    sleep_us_hook(us)
}

/// The registered kernel's [`Kernel::reclaim_memory`](super::Kernel::reclaim_memory).
pub fn reclaim_memory() -> usize {
    reclaim_memory_hook()
}

/// The registered kernel's [`Kernel::terminate_process`](super::Kernel::terminate_process).
pub fn terminate_process(pid: u32, errno: Errno) {
    terminate_process_hook(pid, errno)
}

/// The registered kernel's [`Kernel::may_escalate`](super::Kernel::may_escalate).
pub fn may_escalate(pid: u32, nr: usize) -> bool {
    may_escalate_hook(pid, nr)
}

/// The registered kernel's [`Kernel::user_range`](super::Kernel::user_range).
#[inline(always)]
pub fn user_range() -> Range<usize> {
    user_range_hook()
}

/// Registers `$kernel` as the binary's [`Kernel`](crate::Kernel): the one plug-in point of
/// the runtime. Invoke it once, in the kernel's binary crate (or any crate it links).
///
/// ```
/// struct MyKernel;
///
/// impl sysgate::Kernel for MyKernel {
///     fn cpu_id() -> usize {
///         0
///     }
/// }
///
/// impl sysgate::arch::EntryHooks for MyKernel {}
///
/// # #[cfg(not(feature = "std"))] // with `std` the host kernel is registered
/// sysgate::kernel!(MyKernel);
/// # fn main() {
/// #     #[cfg(not(feature = "std"))]
/// #     assert_eq!(sysgate::kernel::cpu_id(), 0, "the registered kernel answers");
/// # }
/// ```
///
/// It exports one function per method of [`Kernel`](crate::Kernel) and of the architecture's
/// [`EntryHooks`](crate::arch::EntryHooks) under symbols named `sysgate::kernel!(<method>)`,
/// which the runtime calls directly. Without it the binary fails to link with
/// `undefined symbol: sysgate::kernel!(cpu_id)`; invoked twice, with `duplicate symbol`. The
/// `std` feature registers `sysgate::host::Host` this way, so a hosted program with `std` does
/// not invoke it.
#[macro_export]
macro_rules! kernel {
    ($kernel:ty) => {
        const _: () = {
            #[unsafe(export_name = "sysgate::kernel!(cpu_id)")]
            fn cpu_id() -> usize {
                <$kernel as $crate::Kernel>::cpu_id()
            }
            #[unsafe(export_name = "sysgate::kernel!(now)")]
            fn now() -> u64 {
                <$kernel as $crate::Kernel>::now()
            }
            #[unsafe(export_name = "sysgate::kernel!(clock_unit)")]
            fn clock_unit() -> &'static str {
                <$kernel as $crate::Kernel>::clock_unit()
            }
            #[unsafe(export_name = "sysgate::kernel!(current_pid)")]
            fn current_pid() -> u32 {
                <$kernel as $crate::Kernel>::current_pid()
            }
            #[unsafe(export_name = "sysgate::kernel!(policy)")]
            fn policy() -> &'static $crate::policy::Policy {
                <$kernel as $crate::Kernel>::policy()
            }
            #[unsafe(export_name = "sysgate::kernel!(sleep_us)")]
            fn sleep_us(us: u64) {
                <$kernel as $crate::Kernel>::sleep_us(us)
            }
            #[unsafe(export_name = "sysgate::kernel!(reclaim_memory)")]
            fn reclaim_memory() -> usize {
                <$kernel as $crate::Kernel>::reclaim_memory()
            }
            #[unsafe(export_name = "sysgate::kernel!(terminate_process)")]
            fn terminate_process(pid: u32, errno: $crate::Errno) {
                <$kernel as $crate::Kernel>::terminate_process(pid, errno)
            }
            #[unsafe(export_name = "sysgate::kernel!(may_escalate)")]
            fn may_escalate(pid: u32, nr: usize) -> bool {
                <$kernel as $crate::Kernel>::may_escalate(pid, nr)
            }
            #[unsafe(export_name = "sysgate::kernel!(user_range)")]
            fn user_range() -> ::core::ops::Range<usize> {
                <$kernel as $crate::Kernel>::user_range()
            }

            $crate::__entry_hooks!($kernel);
        };
    };
}
