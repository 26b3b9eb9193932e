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
