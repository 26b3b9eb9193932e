//! A value hidden from the optimiser, at no cost in instructions.

/// `value`, unchanged, but opaque to the optimiser: it can no longer use what it knew of it
/// (an earlier bounds check, a constant result). An empty `asm!` with the value in a register.
#[inline(always)]
pub(crate) fn opaque(mut value: usize) -> usize {
    // SAFETY: an empty template with one register operand: no instructions, no effects.
    unsafe {
        core::arch::asm!("/* {0} */", inout(reg) value, options(pure, nomem, nostack, preserves_flags))
    };
    value
}
