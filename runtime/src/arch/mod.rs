//! Architecture-specific syscall entry, setup and user-side stubs.
//!
//! Everything outside this module is portable, and so is [`AssemblySyscallInterface`]: it
//! describes and generates code for every architecture from any of them. What an entry calls in
//! the kernel (the exit work; on AArch64 and RISC-V every trap that is not a syscall) is the
//! architecture's [`EntryHooks`], implemented next to [`crate::Kernel`] and registered with it by
//! [`kernel!`](crate::kernel!).

pub mod cycles;
mod interface;

#[cfg(feature = "codegen")]
pub use interface::MachineCode;
pub use interface::{
    Arch, AssemblySyscallInterface, EntryPoint, InstalledEntry, InterfaceStatus,
    OptimizationSettings, ParameterRegisters,
};

#[cfg(all(
    any(target_arch = "aarch64", target_arch = "riscv64"),
    target_os = "none"
))]
mod stubs;
#[cfg(all(
    any(target_arch = "aarch64", target_arch = "riscv64"),
    target_os = "none"
))]
#[macro_use]
mod trap_hooks;

#[cfg(target_os = "none")]
mod extable;

#[cfg(not(target_os = "none"))]
mod host_hooks;
#[cfg(not(target_os = "none"))]
mod host_thread;
#[cfg(not(target_os = "none"))]
pub(crate) mod host_uaccess;

/// The architecture entry's calls into the kernel (exit work, traps), implemented next to
/// [`crate::Kernel`].
#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub use aarch64::EntryHooks;
/// The architecture entry's calls into the kernel (exit work, traps), implemented next to
/// [`crate::Kernel`].
#[cfg(not(target_os = "none"))]
pub use host_hooks::EntryHooks;
/// The architecture entry's calls into the kernel (exit work, traps), implemented next to
/// [`crate::Kernel`].
#[cfg(all(target_arch = "riscv64", target_os = "none"))]
pub use riscv64::EntryHooks;
/// The architecture entry's calls into the kernel (exit work, traps), implemented next to
/// [`crate::Kernel`].
#[cfg(all(target_arch = "x86_64", target_os = "none"))]
pub use x86_64::EntryHooks;

/// The user-access routines behind [`crate::uaccess`].
#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub(crate) use aarch64::uaccess as user_access;
/// The user-access routines behind [`crate::uaccess`].
#[cfg(not(target_os = "none"))]
pub(crate) use host_uaccess as user_access;
/// The user-access routines behind [`crate::uaccess`].
#[cfg(all(target_arch = "riscv64", target_os = "none"))]
pub(crate) use riscv64::uaccess as user_access;
/// The user-access routines behind [`crate::uaccess`].
#[cfg(all(target_arch = "x86_64", target_os = "none"))]
pub(crate) use x86_64::uaccess as user_access;

#[cfg(all(target_arch = "x86_64", target_os = "none"))]
pub mod x86_64;

#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub mod aarch64;

#[cfg(all(target_arch = "riscv64", target_os = "none"))]
pub mod riscv64;

/// The current thread's slot and interrupt masking behind [`crate::thread`].
#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub(crate) use aarch64::{
    irq::mask_interrupts,
    percpu::{current_thread, set_current_thread},
};
/// The current thread's slot and interrupt masking behind [`crate::thread`].
#[cfg(not(target_os = "none"))]
pub(crate) use host_thread::{current_thread, mask_interrupts, set_current_thread};
/// The current thread's slot and interrupt masking behind [`crate::thread`].
#[cfg(all(target_arch = "riscv64", target_os = "none"))]
pub(crate) use riscv64::{
    irq::mask_interrupts,
    percpu::{current_thread, set_current_thread},
};
/// The current thread's slot and interrupt masking behind [`crate::thread`].
#[cfg(all(target_arch = "x86_64", target_os = "none"))]
pub(crate) use x86_64::{
    irq::mask_interrupts,
    percpu::{current_thread, set_current_thread},
};

/// Makes system call `nr` from user mode with the architecture's instruction.
#[cfg(all(target_arch = "x86_64", target_os = "none"))]
#[inline(always)]
pub(crate) fn invoke(nr: usize, a: [usize; 6]) -> isize {
    // SAFETY: the kernel validates every argument word; the call has no effect on this
    // program's memory beyond what the typed stub's parameters hand over.
    unsafe { x86_64::user::syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]) }
}

/// Makes system call `nr` from user mode with the architecture's instruction.
#[cfg(all(target_arch = "aarch64", target_os = "none"))]
#[inline(always)]
pub(crate) fn invoke(nr: usize, a: [usize; 6]) -> isize {
    // SAFETY: as for x86_64.
    unsafe { aarch64::syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]) }
}

/// Makes system call `nr` from user mode with the architecture's instruction.
#[cfg(all(target_arch = "riscv64", target_os = "none"))]
#[inline(always)]
pub(crate) fn invoke(nr: usize, a: [usize; 6]) -> isize {
    // SAFETY: as for x86_64.
    unsafe { riscv64::syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]) }
}

/// On a hosted target user and kernel share the process: the call goes straight to dispatch.
#[cfg(not(target_os = "none"))]
#[inline(always)]
pub(crate) fn invoke(nr: usize, args: [usize; 6]) -> isize {
    crate::dispatch(nr, args)
}
