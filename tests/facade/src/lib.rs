//! A kernel's facade crate: its subsystems reach sysgate only through it.

pub use sysgate;
pub use sysgate::syscall;
