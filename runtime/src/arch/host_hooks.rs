//! Hosted targets have no trap entry: [`EntryHooks`] has nothing to implement.

/// The architecture entry's calls into the kernel; empty on a hosted target, where
/// [`crate::dispatch`] is called directly.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement the architecture's entry hooks",
    label = "a sysgate kernel implements `sysgate::arch::EntryHooks` too",
    note = "`impl sysgate::arch::EntryHooks for {Self} {{}}` keeps every default"
)]
pub trait EntryHooks {}

/// The hosted part of [`kernel!`](crate::kernel!): nothing to export.
#[doc(hidden)]
#[macro_export]
macro_rules! __entry_hooks {
    ($kernel:ty) => {};
}
