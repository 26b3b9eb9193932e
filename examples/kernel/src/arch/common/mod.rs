//! What the architectures share beneath the [`crate::arch`] interface.

pub mod boot;
pub mod context;
#[cfg(any(target_arch = "aarch64", target_arch = "riscv64"))]
pub mod fdt;
pub mod page_table;
#[cfg(any(target_arch = "aarch64", target_arch = "riscv64"))]
pub mod tables;
