//! Masking and enabling interrupts around a handler (`RFLAGS.IF`).

use super::SyscallFrame;

/// `RFLAGS.IF`.
const IF: u64 = 1 << 9;

/// Masks maskable interrupts on this CPU.
#[inline(always)]
pub(crate) fn mask_interrupts() {
    x86_64::instructions::interrupts::disable();
}

/// Enables interrupts for the handler when the interrupted user context ran with them enabled
/// (and the `masked-handlers` feature is off).
#[inline(always)]
pub(super) fn enable_for_handler(frame: &SyscallFrame) {
    if !cfg!(feature = "masked-handlers") && frame.rflags & IF != 0 {
        // A bare `sti`: its one-instruction interrupt shadow needs no `nop` here.
        // SAFETY: the entry has saved the frame and switched stacks; interrupts may come.
        unsafe { core::arch::asm!("sti", options(nomem, nostack)) };
    }
}
