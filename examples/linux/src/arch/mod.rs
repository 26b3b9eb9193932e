//! What differs between architectures: `struct stat`'s layout, `O_DIRECTORY`, the size of
//! `struct sigaction`, the machine name, and x86_64's own calls (`arch_prctl`, `time`).

#[cfg(target_arch = "x86_64")]
mod x86_64;
#[cfg(target_arch = "x86_64")]
pub use x86_64::*;

#[cfg(not(target_arch = "x86_64"))]
mod generic;
#[cfg(not(target_arch = "x86_64"))]
pub use generic::*;

#[cfg(target_arch = "aarch64")]
/// `uname`'s machine field.
pub const MACHINE: &str = "aarch64";
#[cfg(target_arch = "riscv64")]
/// `uname`'s machine field.
pub const MACHINE: &str = "riscv64";
