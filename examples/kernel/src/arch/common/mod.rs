//! What the architectures share beneath the [`crate::arch`] interface.

pub mod boot;
pub mod context;
