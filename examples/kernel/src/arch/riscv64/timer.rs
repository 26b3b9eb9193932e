//! The supervisor timer, programmed through the SBI timer extension, reloaded on every
//! interrupt for a fixed period. The CPU number is in `tp`, set when the hart starts; only
//! the kernel runs with the timer on.

use core::arch::asm;

use sysgate::arch::riscv64::Trap;

use super::sbi;

/// SBI timer extension (`TIME`) and its `set_timer` function.
const TIME: usize = 0x5449_4d45;
const SET_TIMER: usize = 0;
/// QEMU `virt`'s timebase (the device tree's `timebase-frequency`), in ticks per second.
const TIMEBASE_HZ: u64 = 10_000_000;
/// Timer interrupts per second.
const HZ: u64 = 100;
/// `sie.STIE`, and the interrupt code of the supervisor timer.
const STIE: usize = 1 << 5;
const TIMER_INTERRUPT: u64 = 5;

/// Records this hart as CPU `cpu` (in `tp`, which the kernel's Rust code never uses).
pub fn init_cpu(cpu: usize) {
    // SAFETY: the kernel is built without thread-local storage, so `tp` is free.
    unsafe { asm!("mv tp, {}", in(reg) cpu, options(nomem, nostack)) };
}

fn cpu_index() -> usize {
    let cpu: usize;
    // SAFETY: reading `tp`.
    unsafe { asm!("mv {}, tp", out(reg) cpu, options(nomem, nostack)) };
    cpu
}

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
    crate::smp::tick(cpu_index());
    true
}
