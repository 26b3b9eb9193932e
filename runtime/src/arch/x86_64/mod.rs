//! x86_64 system-call entry through the `syscall`/`sysretq` instructions.
//!
//! - [`setup`] enables `syscall` (EFER.SCE, STAR, LSTAR, SFMASK) on a CPU.
//! - [`percpu`] holds the per-CPU areas the entry reaches through `gs` (see [`crate::cpu`]).
//! - [`entry`] is the naked entry: it saves a [`SyscallFrame`], clears registers, calls
//!   [`crate::dispatch`], restores, and returns with `sysretq` (or `iretq` when the return
//!   address is not canonical).
//! - [`frame`] is the saved user register frame, printable by name.
//! - [`EntryHooks`] is what the entry calls in the kernel (the exit work).
//! - [`signal`] enters user signal handlers and restores their frames (`rt_sigreturn`).
//! - [`uaccess`] holds the fault-safe user copies behind [`crate::uaccess`].
//! - [`user`] holds the raw user-side stubs `syscall0..syscall6`.
//!
//! # Register ABI
//! Number in `rax`; arguments in `rdi, rsi, rdx, r10, r8, r9`; result in `rax`
//! (`-4095..=-1` is `-errno`). A syscall clobbers exactly `rax` (result), `rcx` (return
//! address) and `r11` (rflags); every other register, including `rsp` and rflags, is preserved.

pub mod entry;
pub mod frame;
mod hooks;
pub(crate) mod irq;
pub mod percpu;
pub mod setup;
pub mod signal;
pub mod uaccess;
pub mod user;
mod user_fp;

pub use entry::syscall_entry;
#[cfg(feature = "bench-entries")]
pub use entry::syscall_entry_minimal;
pub use frame::SyscallFrame;
pub use hooks::EntryHooks;
pub use setup::{Selectors, SetupError, init};
