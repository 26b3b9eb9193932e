//! The PMU cycle counter (`PMCCNTR_EL0`), for the in-guest benchmark.
//!
//! QEMU derives it from virtual time at 1 GHz, so under `-icount shift=0` (one nanosecond per
//! instruction) it advances exactly once per guest instruction.

use core::arch::asm;

/// Starts the cycle counter: `PMCR_EL0.E` and `.LC` (64-bit), `PMCNTENSET_EL0.C`.
pub fn init() {
    // SAFETY: enabling the PMU cycle counter only makes it count.
    unsafe {
        asm!(
            "mrs {tmp}, pmcr_el0",
            "orr {tmp}, {tmp}, #1",
            "orr {tmp}, {tmp}, #(1 << 6)",
            "msr pmcr_el0, {tmp}",
            "mov {tmp}, #(1 << 31)",
            "msr pmcntenset_el0, {tmp}",
            "isb",
            tmp = out(reg) _,
            options(nostack),
        )
    };
}

/// Reads `PMCCNTR_EL0`.
pub fn cycles() -> u64 {
    let value: u64;
    // SAFETY: reading the counter has no side effects.
    unsafe { asm!("isb", "mrs {}, pmccntr_el0", out(reg) value, options(nomem, nostack)) };
    value
}
