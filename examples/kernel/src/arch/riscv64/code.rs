//! Making freshly written code executable.

use core::ops::Range;

/// Makes the instructions just written visible to instruction fetch on this hart (`fence.i`).
pub fn sync_icache(_code: Range<usize>) {
    // SAFETY: a fence has no effect beyond ordering.
    unsafe { core::arch::asm!("fence.i", options(nostack)) };
}
