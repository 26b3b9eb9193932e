//! Masking and enabling interrupts around a handler (`sstatus.SIE`, `sstatus.SPIE`).

use super::TrapFrame;

/// `sstatus.SIE`.
const SIE: u64 = 1 << 1;
/// `sstatus.SPIE`: what `SIE` becomes on `sret`, the kernel's choice for the user context.
const SPIE: u64 = 1 << 5;

/// Masks S-mode interrupts on this hart.
#[inline(always)]
pub(crate) fn mask_interrupts() {
    // SAFETY: clearing SIE only masks interrupts.
    unsafe { core::arch::asm!("csrc sstatus, {}", in(reg) SIE, options(nomem, nostack)) };
}

/// Enables S-mode interrupts for the handler when the kernel lets the interrupted user context
/// run with them (`SPIE` set in its saved `sstatus`; U-mode itself always takes the interrupts
/// `sie` enables) and the `masked-handlers` feature is off.
#[inline(always)]
pub(super) fn enable_for_handler(frame: &TrapFrame) {
    if !cfg!(feature = "masked-handlers") && frame.sstatus & SPIE != 0 {
        // SAFETY: the frame is saved; a trap now nests on this kernel stack.
        unsafe { core::arch::asm!("csrs sstatus, {}", in(reg) SIE, options(nomem, nostack)) };
    }
}
