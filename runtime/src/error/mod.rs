//! Error records, statistics, reports, messages and injection for the syscall layer.
//!
//! Every failed syscall records an [`ErrorContext`] in [`handler()`]: a lock-free
//! [`RingLog`] of the newest entries that counts exactly what it overwrote, plus
//! [`ErrorStats`] per errno, per syscall and per recovery strategy.
//! [`SyscallErrorHandler::generate_detailed_error_report`] returns the report, a value that
//! prints as text (`{}`) or JSON (`{}` of `.json()`) into any `core::fmt::Write`, without
//! allocating.
//!
//! ```
//! use sysgate::{Errno, error};
//! # #[cfg(not(feature = "std"))] // with `std` the host kernel is registered
//! # const _: () = {
//! #     struct K;
//! #     impl sysgate::Kernel for K { fn cpu_id() -> usize { 0 } }
//! #     impl sysgate::arch::EntryHooks for K {}
//! #     sysgate::kernel!(K);
//! # };
//!
//! let h = error::handler();
//! h.log_error(Errno::EIO, 7, "disk controller timed out");
//! assert_eq!(h.stats().errno_count(Errno::EIO), 1);
//! let report = h.generate_detailed_error_report();
//! assert!(report.to_string().contains("disk controller timed out"));
//! assert!(report.json().to_string().starts_with("{\"logged\":1,"));
//! assert!(h.get_user_friendly_message(Errno::EIO).to_string().starts_with("EIO (Input/output error): "));
//! ```

mod context;
mod handler;
#[cfg(feature = "inject")]
pub mod inject;
mod json;
mod messages;
mod report;
mod ring;
mod stats;

pub use context::ErrorContext;
pub use handler::{LOG_CAPACITY, Operation, RecoveryParams, SyscallErrorHandler};
pub use json::Json;
pub use messages::{UserMessage, explanation};
pub use report::{ErrorReport, Line};
pub use ring::RingLog;
pub use stats::ErrorStats;

static HANDLER: SyscallErrorHandler = SyscallErrorHandler::new();

/// The handler every generated thunk records into.
pub fn handler() -> &'static SyscallErrorHandler {
    &HANDLER
}

/// Failures injected so far (0 without the `inject` feature), for the reports.
fn injected() -> u64 {
    #[cfg(feature = "inject")]
    return inject::injected();
    #[cfg(not(feature = "inject"))]
    0
}
