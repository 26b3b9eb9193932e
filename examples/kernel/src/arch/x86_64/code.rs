//! Making freshly written code executable.

use core::ops::Range;

/// Nothing to do: x86 keeps instruction fetch coherent with stores, and the return to user mode
/// serialises.
pub fn sync_icache(_code: Range<usize>) {}
