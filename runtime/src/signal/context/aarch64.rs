//! The AArch64 user context: `x0..x30`, `sp`, `pc`, `pstate` and the FP/SIMD registers.

use core::ops::Range;

use super::{Forged, UserContext, check_bits, check_user};

/// The interrupted AArch64 user state.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Aarch64Context {
    /// General registers `x0..x30`.
    pub x: [u64; 31],
    /// `SP_EL0`.
    pub sp: u64,
    /// Where execution resumes.
    pub pc: u64,
    /// The interrupted PSTATE, as `SPSR_EL1` holds it.
    pub pstate: u64,
    /// Floating-point status register.
    pub fpsr: u64,
    /// Floating-point control register.
    pub fpcr: u64,
    /// SIMD/FP registers `v0..v31`.
    pub v: [u128; 32],
}

impl Aarch64Context {
    /// SPSR bits user code may not choose: the mode field `M[4:0]` (any value but EL0t, the
    /// AArch32 bit included), the DAIF masks, and IL (illegal execution state).
    pub const PRIVILEGED: u64 = 0x1f | (0xf << 6) | (1 << 20);
}

impl UserContext for Aarch64Context {
    const RED_ZONE: usize = 0;
    const POPPED: usize = 0;

    fn sp(&self) -> u64 {
        self.sp
    }

    /// Refuses a mode other than EL0t, a DAIF mask or IL set, and a `pc` or `sp` outside `user`.
    fn validate(&self, user: &Range<usize>) -> Result<(), Forged> {
        check_bits(self.pstate, Self::PRIVILEGED)?;
        check_user(self.pc, self.sp, user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: Range<usize> = 0x4000_0000..0x8000_0000;

    fn genuine() -> Aarch64Context {
        Aarch64Context {
            pc: 0x4100_0000,
            sp: 0x7fff_0000,
            pstate: 0x6000_0000, // Z and C set, EL0t
            ..Default::default()
        }
    }

    #[test]
    fn genuine_context_passes() {
        assert_eq!(genuine().validate(&USER), Ok(()));
    }

    #[test]
    fn kernel_mode_and_masks_are_refused() {
        // EL1h, EL1t, AArch32 user, IRQ masked, all DAIF, IL.
        for bits in [0b0101, 0b0100, 0x10, 1 << 7, 0xf << 6, 1 << 20] {
            let mut ctx = genuine();
            ctx.pstate |= bits;
            assert_eq!(ctx.validate(&USER), Err(Forged::PrivilegedBits(bits)));
        }
    }

    #[test]
    fn kernel_addresses_are_refused() {
        let mut ctx = genuine();
        ctx.pc = 0x4020_0000 - 0x100_0000;
        assert_eq!(ctx.validate(&USER), Err(Forged::OutsideUser(ctx.pc)));
    }
}
