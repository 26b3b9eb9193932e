//! The RISC-V user context: `pc`, `x1..x31`, `sstatus`, and the FP registers.

use core::ops::Range;

use super::{Forged, UserContext, check_bits, check_user};

/// The interrupted RISC-V user state.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Riscv64Context {
    /// Where execution resumes.
    pub pc: u64,
    /// General registers `x1..x31` (`x[0]` is `ra`, `x[1]` is `sp`).
    pub x: [u64; 31],
    /// The interrupted `sstatus`.
    pub sstatus: u64,
    /// FP registers `f0..f31`.
    pub f: [u64; 32],
    /// The FP control and status register.
    pub fcsr: u64,
}

impl Riscv64Context {
    /// `sstatus` bits user code may not choose: SIE, SPP (return to S-mode), SUM (kernel access
    /// to user pages) and MXR.
    pub const PRIVILEGED: u64 = (1 << 1) | (1 << 8) | (1 << 18) | (1 << 19);
}

impl UserContext for Riscv64Context {
    const RED_ZONE: usize = 0;
    const POPPED: usize = 0;

    fn sp(&self) -> u64 {
        self.x[1]
    }

    /// Refuses SIE, SPP, SUM or MXR set, and a `pc` or `sp` outside `user`.
    fn validate(&self, user: &Range<usize>) -> Result<(), Forged> {
        check_bits(self.sstatus, Self::PRIVILEGED)?;
        check_user(self.pc, self.sp(), user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: Range<usize> = 0x1000..0x8000_0000;

    fn genuine() -> Riscv64Context {
        let mut ctx = Riscv64Context {
            pc: 0x1_0000,
            sstatus: (1 << 5) | (3 << 13), // SPIE, FS = Dirty
            ..Default::default()
        };
        ctx.x[1] = 0x7fff_0000;
        ctx
    }

    #[test]
    fn genuine_context_passes() {
        assert_eq!(genuine().validate(&USER), Ok(()));
    }

    #[test]
    fn supervisor_bits_are_refused() {
        for bits in [1 << 8, 1 << 18, 1 << 1, 1 << 19] {
            let mut ctx = genuine();
            ctx.sstatus |= bits;
            assert_eq!(ctx.validate(&USER), Err(Forged::PrivilegedBits(bits)));
        }
    }

    #[test]
    fn kernel_addresses_are_refused() {
        let mut ctx = genuine();
        ctx.x[1] = 0x8020_0000;
        assert_eq!(ctx.validate(&USER), Err(Forged::OutsideUser(0x8020_0000)));
    }
}
