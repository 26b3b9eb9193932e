//! The EL1 virtual timer of the generic timer, reloaded on every interrupt for a fixed period.

use core::arch::asm;

/// Timer interrupts per second.
const HZ: u64 = 100;
/// `CNTV_CTL_EL0.ENABLE`.
const ENABLE: u64 = 1;

fn arm() {
    let frequency: u64;
    // SAFETY: reading CNTFRQ_EL0 has no side effects; writing CNTV_TVAL_EL0 only sets the
    // next deadline.
    unsafe {
        asm!("mrs {}, cntfrq_el0", out(reg) frequency, options(nomem, nostack));
        asm!("msr cntv_tval_el0, {}", "isb", in(reg) frequency / HZ, options(nostack));
    }
}

/// Starts this CPU's timer.
pub fn timer_start() {
    arm();
    // SAFETY: enabling the timer only makes it raise its interrupt.
    unsafe { asm!("msr cntv_ctl_el0, {}", "isb", in(reg) ENABLE, options(nostack)) };
}

/// Stops this CPU's timer.
pub fn timer_stop() {
    // SAFETY: disabling the timer withdraws its interrupt.
    unsafe { asm!("msr cntv_ctl_el0, xzr", "isb", options(nostack)) };
}

/// The timer interrupt: sets the next deadline, counts the tick.
pub fn interrupt() {
    arm();
    crate::smp::tick(sysgate::cpu::id());
}
