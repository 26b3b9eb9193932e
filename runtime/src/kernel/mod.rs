//! The one plug-in point: the services the runtime asks of the kernel it runs in.
//!
//! A kernel implements [`Kernel`] (current CPU, clock, current process and its policy, sleep,
//! reclaim, terminate, capability check, user range) and the architecture's
//! [`EntryHooks`](crate::arch::EntryHooks) (exit work, traps) for one type and registers it
//! once with [`kernel!`](crate::kernel!). The runtime calls it through symbols the linker
//! resolves: direct calls, no function pointers, nothing to install at boot, one clock and one
//! CPU id for everything. Handlers reach the same services through the functions here
//! (`sysgate::kernel::current_pid()`, …).
//!
//! Hosted builds with the `std` feature get `sysgate::host::Host`, registered by the runtime
//! itself, with test hooks for what tests need to control.

mod interface;
mod link;

pub use interface::Kernel;
pub use link::{
    clock_unit, cpu_id, current_pid, may_escalate, now, policy, reclaim_memory, sleep_us,
    terminate_process, user_range,
};
