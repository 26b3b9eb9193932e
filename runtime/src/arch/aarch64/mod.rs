//! AArch64: EL1 exception vectors, the EL0 `svc #0` syscall entry and user-side stubs.
//!
//! Syscall ABI: `svc #0` with the number in `x8`, arguments in `x0..x5` and the result in `x0`.
//! Every other register, including `v0..v31`, FPSR and FPCR, is preserved across the call.
//!
//! FP/SIMD: build the kernel for `aarch64-unknown-none-softfloat` and its code never uses the
//! FP/SIMD registers, so the user's stay live across every exception and the entry saves none
//! of them, as Linux's does. Built for `aarch64-unknown-none` (NEON), the kernel's own code
//! may use them anywhere, so the entry saves and restores all of them in the frame on every
//! exception; [`SAVES_FP`] says which one this build is.
//!
//! Only an `svc #0` taken from EL0 is a syscall. Every other exception (aborts, undefined
//! instructions, `svc` from EL1 or with another immediate, interrupts, SErrors) is handed to the
//! kernel's [`EntryHooks::trap`] with a decoded [`Trap`] and the saved [`TrapFrame`].

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
#[cfg(not(target_feature = "neon"))]
mod user_fp;
mod vectors;

#[cfg(target_feature = "neon")]
pub use frame::FpRegs;
pub use frame::{SAVES_FP, TrapFrame};
pub use hooks::EntryHooks;
pub use minimal::{Entry, select_entry};
pub use stubs::{syscall0, syscall1, syscall2, syscall3, syscall4, syscall5, syscall6};
pub use trap::{Origin, Trap, TrapKind};
pub use user::enter_user;
#[cfg(not(target_feature = "neon"))]
pub use user_fp::UserFp;
pub use vectors::init;
