//! Masking interrupts (`sstatus.SIE`), and the bits the vector enables them with for a handler.

/// `sstatus.SIE`.
pub(super) const SIE: u64 = 1 << 1;
/// `sstatus.SPIE`: what `SIE` becomes on `sret`, the kernel's choice for the user context.
pub(super) const SPIE: u64 = 1 << 5;

/// The `SPIE` bit the vector copies into `SIE` for a syscall handler: enabled when the
/// interrupted user context runs with interrupts, unless the `masked-handlers` feature keeps
/// them masked in every handler (then nothing is copied).
pub(super) const HANDLER_SPIE: u64 = if cfg!(feature = "masked-handlers") {
    0
} else {
    SPIE
};

/// Masks S-mode interrupts on this hart.
#[inline(always)]
pub(crate) fn mask_interrupts() {
    // SAFETY: clearing SIE only masks interrupts.
    unsafe { core::arch::asm!("csrci sstatus, {}", const SIE, options(nomem, nostack)) };
}
