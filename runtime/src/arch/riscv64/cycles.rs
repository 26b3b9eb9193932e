//! The cycle source for instrumentation: the `time` CSR.

use core::arch::asm;

/// Reads the `time` CSR (`rdtime`).
///
/// It ticks at the platform timebase (10 MHz on QEMU `virt`), not at the core clock. U-mode may
/// read it once [`init`](super::init) has set `scounteren`.
#[inline(always)]
pub fn cycles() -> u64 {
    let value: u64;
    // SAFETY: reading `time` has no side effects.
    unsafe { asm!("rdtime {}", out(reg) value, options(nomem, nostack)) };
    value
}
