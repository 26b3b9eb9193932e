//! Per-syscall statistics recorded by the generated thunks.

mod stats;

pub use stats::SyscallStats;
