//! The `cycle` counter, for the in-guest benchmark.
//!
//! Under `-icount` QEMU counts `cycle` in guest instructions, so with `-icount shift=0` it
//! advances exactly once per instruction. OpenSBI lets S-mode read it (`mcounteren`).

use core::arch::asm;

/// Reads `cycle` (`rdcycle`).
pub fn cycles() -> u64 {
    let value: u64;
    // SAFETY: reading the counter has no side effects.
    unsafe { asm!("rdcycle {}", out(reg) value, options(nomem, nostack)) };
    value
}

/// Nanoseconds of the monotonic clock the kernel sleeps on: `time` (`rdtime`) at the
/// platform's timebase. `cycle` has no known rate outside `-icount`.
pub fn now_ns() -> u64 {
    let ticks: u64;
    // SAFETY: reading the counter has no side effects.
    unsafe { asm!("rdtime {}", out(reg) ticks, options(nomem, nostack)) };
    ticks * (1_000_000_000 / super::timer::TIMEBASE_HZ)
}
