//! Architecture-specific syscall entry, setup and user-side stubs.
//!
//! Everything outside this module is portable.

pub mod cycles;

#[cfg(all(target_arch = "x86_64", target_os = "none"))]
pub mod x86_64;

#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub mod aarch64;

#[cfg(all(target_arch = "riscv64", target_os = "none"))]
pub mod riscv64;
