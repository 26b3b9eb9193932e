//! The supervisor timer, programmed through the SBI timer extension, reloaded on every
//! interrupt for a fixed period.

use core::arch::asm;

use sysgate::arch::riscv64::Trap;

use super::sbi;

/// SBI timer extension (`TIME`) and its `set_timer` function.
const TIME: usize = 0x5449_4d45;
const SET_TIMER: usize = 0;
/// QEMU `virt`'s timebase (the device tree's `timebase-frequency`), in ticks per second.
pub(super) const TIMEBASE_HZ: u64 = 10_000_000;
/// Timer interrupts per second.
const HZ: u64 = 100;
/// `sie.STIE`, and the interrupt code of the supervisor timer.
const STIE: usize = 1 << 5;
const TIMER_INTERRUPT: u64 = 5;

fn arm() {
    let now: u64;
    // SAFETY: reading `time` has no side effects.
    unsafe { asm!("rdtime {}", out(reg) now, options(nomem, nostack)) };
    sbi::call(TIME, SET_TIMER, [(now + TIMEBASE_HZ / HZ) as usize, 0, 0]);
}

/// Starts this hart's timer.
pub fn timer_start() {
    arm();
    // SAFETY: enabling the timer interrupt; the vector handles it.
    unsafe { asm!("csrs sie, {}", in(reg) STIE, options(nomem, nostack)) };
}

/// Stops this hart's timer.
pub fn timer_stop() {
    // SAFETY: disabling the timer interrupt; the deadline at the end of time never fires.
    unsafe { asm!("csrc sie, {}", in(reg) STIE, options(nomem, nostack)) };
    sbi::call(TIME, SET_TIMER, [usize::MAX, 0, 0]);
}

/// Handles `trap` if it is the timer interrupt (sets the next deadline, counts the tick).
pub fn interrupt(trap: &Trap) -> bool {
    if trap.code() != TIMER_INTERRUPT {
        return false;
    }
    arm();
    crate::smp::tick(sysgate::cpu::id());
    true
}
