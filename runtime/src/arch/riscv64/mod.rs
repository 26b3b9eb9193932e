//! RISC-V (RV64, S-mode kernel): the trap vector, the U-mode `ecall` entry and user-side stubs.
//!
//! Syscall ABI: `ecall` with the number in `a7`, arguments in `a0..a5` and the result in `a0`.
//! Every other register, including `f0..f31` and `fcsr`, is preserved across the call.
//!
//! FP: the kernel runs with `sstatus.FS` = Off, as Linux's does, so an FP instruction in it
//! traps (build it for `riscv64imac-unknown-none-elf` and the compiler emits none). The entry
//! saves no FP register: the user's stay live in the registers across every trap. A kernel that
//! switches between user threads saves them at the switch ([`UserFp`]), only when the `FS` in
//! the thread's saved `sstatus` ([`user_frame`], with [`enter_user_thread`]) is Dirty.
//!
//! Only an `ecall` from U-mode (`scause` 8) is a syscall. Every other trap (faults, illegal
//! instructions, breakpoints, interrupts) is handed to the kernel's [`EntryHooks::trap`] with a
//! decoded [`Trap`] and the saved [`TrapFrame`].

mod frame;
mod hooks;
pub(crate) mod irq;
mod minimal;
pub(crate) mod percpu;
pub mod signal;
mod stubs;
mod trap;
pub(crate) mod uaccess;
mod user;
mod user_fp;
mod vector;

pub use frame::TrapFrame;
pub use hooks::EntryHooks;
pub use minimal::{Entry, select_entry};
pub use stubs::{syscall0, syscall1, syscall2, syscall3, syscall4, syscall5, syscall6};
pub use trap::Trap;
pub use user::{enter_user, enter_user_thread, user_frame};
pub use user_fp::UserFp;
pub use vector::init;
