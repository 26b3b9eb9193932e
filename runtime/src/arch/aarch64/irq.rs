//! Masking and enabling interrupts around a handler (`DAIF.I`, `SPSR_EL1.I`).

use super::TrapFrame;

/// `SPSR_EL1.I`: IRQs were masked in the interrupted context.
const SPSR_I: u64 = 1 << 7;

/// Masks IRQs on this CPU.
#[inline(always)]
pub(crate) fn mask_interrupts() {
    // SAFETY: setting DAIF.I only masks IRQs.
    unsafe { core::arch::asm!("msr daifset, #2", options(nomem, nostack, preserves_flags)) };
}

/// Unmasks IRQs for the handler when the interrupted EL0 context ran with them unmasked (and
/// the `masked-handlers` feature is off).
#[inline(always)]
pub(super) fn enable_for_handler(frame: &TrapFrame) {
    if !cfg!(feature = "masked-handlers") && frame.spsr & SPSR_I == 0 {
        // SAFETY: the frame is saved; an IRQ now nests on this kernel stack.
        unsafe { core::arch::asm!("msr daifclr, #2", options(nomem, nostack, preserves_flags)) };
    }
}
