//! Limits the attribute shares with the runtime. This crate cannot depend on the runtime, so
//! each is a twin of a runtime constant; `tests/tests/registry.rs` includes this file and checks
//! that they agree.

/// The size of the dispatch table: `sysgate::MAX_SYSCALLS`. A number at or past it is a
/// compile error at the literal.
pub const MAX_SYSCALLS: usize = 1024;
