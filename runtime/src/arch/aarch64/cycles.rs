//! The cycle source for instrumentation: the virtual counter `cntvct_el0`.

use core::arch::asm;

/// Reads the virtual counter (`cntvct_el0`), after an `isb` so earlier instructions retire first.
///
/// It ticks at `cntfrq_el0` Hz (62.5 MHz on QEMU `virt`), not at the core clock. EL0 may read it
/// once [`init`](super::init) has set `CNTKCTL_EL1`.
#[inline(always)]
pub fn cycles() -> u64 {
    let value: u64;
    // SAFETY: reading the counter has no side effects; EL1 may always read it.
    unsafe { asm!("isb", "mrs {}, cntvct_el0", out(reg) value, options(nomem, nostack)) };
    value
}
