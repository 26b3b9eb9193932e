//! Architecture-specific syscall entry, setup and user-side stubs.
//!
//! Everything outside this module is portable.

#[cfg(all(target_arch = "x86_64", target_os = "none"))]
pub mod x86_64;
