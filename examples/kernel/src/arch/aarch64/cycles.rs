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

/// Nanoseconds of the monotonic clock the kernel sleeps on: the generic timer's virtual count
/// (`CNTVCT_EL0`) at its frequency (`CNTFRQ_EL0`).
pub fn now_ns() -> u64 {
    let (count, frequency): (u64, u64);
    // SAFETY: reading the generic timer's registers has no side effects.
    unsafe {
        asm!(
            "isb",
            "mrs {count}, cntvct_el0",
            "mrs {frequency}, cntfrq_el0",
            count = out(reg) count,
            frequency = out(reg) frequency,
            options(nomem, nostack),
        )
    };
    (u128::from(count) * 1_000_000_000 / u128::from(frequency.max(1))) as u64
}
