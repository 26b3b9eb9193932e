//! The time source latencies are measured with: the registered kernel's clock,
//! [`Kernel::now`](crate::Kernel::now) (the architecture's counter unless the kernel says
//! otherwise). Error records and traces are stamped with the same clock.

use crate::kernel;

/// The current time of the kernel's clock, in ticks of [`unit()`].
#[inline(always)]
pub fn now() -> u64 {
    kernel::now()
}

/// What one tick of [`now`] is (`"cycles"`, `"ns"`, …), for reports.
pub fn unit() -> &'static str {
    kernel::clock_unit()
}

/// Whether [`now`] measures anything: false when the kernel has no clock (empty [`unit()`]).
pub fn is_available() -> bool {
    !unit().is_empty()
}
