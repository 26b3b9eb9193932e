//! The x86_64 user context: general registers, `rip`, `rflags` and the FXSAVE image.

use core::ops::Range;

use super::{Forged, UserContext, check_bits, check_user};

/// The interrupted x86_64 user registers. `cs` and `ss` are not saved: user code always
/// returns to the user selectors, whatever a frame says.
///
/// A context saved at a syscall return has `rcx` and `r11` as the `syscall` instruction left
/// them (the return address and flags), like any syscall return.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct X86_64Context {
    pub r8: u64,
    pub r9: u64,
    pub r10: u64,
    pub r11: u64,
    pub r12: u64,
    pub r13: u64,
    pub r14: u64,
    pub r15: u64,
    pub rdi: u64,
    pub rsi: u64,
    pub rbp: u64,
    pub rbx: u64,
    pub rdx: u64,
    pub rax: u64,
    pub rcx: u64,
    pub rsp: u64,
    pub rip: u64,
    pub rflags: u64,
    /// The FXSAVE image: x87 state, MXCSR and `xmm0..xmm15` (as words: the frame sits 8 bytes
    /// off 16-byte alignment on the user stack, like a called function's).
    pub fx: [u64; 64],
}

impl Default for X86_64Context {
    fn default() -> Self {
        X86_64Context {
            r8: 0,
            r9: 0,
            r10: 0,
            r11: 0,
            r12: 0,
            r13: 0,
            r14: 0,
            r15: 0,
            rdi: 0,
            rsi: 0,
            rbp: 0,
            rbx: 0,
            rdx: 0,
            rax: 0,
            rcx: 0,
            rsp: 0,
            rip: 0,
            rflags: 0,
            fx: [0; 64],
        }
    }
}

impl X86_64Context {
    /// `RFLAGS.IF`: not the frame's to choose; the restore keeps the kernel's value.
    pub const IF: u64 = 1 << 9;
    /// RFLAGS bits only the kernel may set for user code: IOPL (port I/O, `cli`), NT, VM
    /// (virtual-8086 mode), VIF and VIP.
    pub const PRIVILEGED: u64 = (3 << 12) | (1 << 14) | (1 << 17) | (1 << 19) | (1 << 20);
    /// MXCSR bits every x86_64 CPU defines (DAZ, bit 6, excluded: not all have it); `fxrstor`
    /// faults in the kernel on any other.
    pub const MXCSR_VALID: u32 = 0xffbf;

    /// MXCSR as the FXSAVE image holds it (bytes 24..28).
    pub fn mxcsr(&self) -> u32 {
        self.fx[3] as u32
    }
}

impl UserContext for X86_64Context {
    const RED_ZONE: usize = 128;
    const POPPED: usize = 8;

    fn sp(&self) -> u64 {
        self.rsp
    }

    /// Refuses IOPL, NT, VM, VIF or VIP set, an MXCSR `fxrstor` would fault on, and a `rip`
    /// or `rsp` outside `user`.
    fn validate(&self, user: &Range<usize>) -> Result<(), Forged> {
        check_bits(self.rflags, Self::PRIVILEGED)?;
        if self.mxcsr() & !Self::MXCSR_VALID != 0 {
            return Err(Forged::FpState(u64::from(self.mxcsr())));
        }
        check_user(self.rip, self.rsp, user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: Range<usize> = 0x1000..0x8000_0000;

    fn genuine() -> X86_64Context {
        X86_64Context {
            rip: 0x40_1000,
            rsp: 0x7fff_f000,
            rflags: X86_64Context::IF | 0x2 | 0x1,
            ..Default::default()
        }
    }

    #[test]
    fn genuine_context_passes() {
        assert_eq!(genuine().validate(&USER), Ok(()));
    }

    #[test]
    fn forged_flags_are_refused() {
        for (bits, seen) in [(3 << 12, 3 << 12), (1 << 17, 1 << 17), (1 << 14, 1 << 14)] {
            let mut ctx = genuine();
            ctx.rflags |= bits;
            assert_eq!(ctx.validate(&USER), Err(Forged::PrivilegedBits(seen)));
        }
        let mut ctx = genuine();
        ctx.rflags |= (1 << 19) | (1 << 20);
        assert_eq!(
            ctx.validate(&USER),
            Err(Forged::PrivilegedBits((1 << 19) | (1 << 20)))
        );
    }

    #[test]
    fn reserved_mxcsr_bits_are_refused() {
        let mut ctx = genuine();
        ctx.fx[3] |= 0x1f80;
        assert_eq!(ctx.mxcsr(), 0x1f80);
        assert_eq!(ctx.validate(&USER), Ok(()));
        ctx.fx[3] |= 1 << 16;
        assert_eq!(ctx.validate(&USER), Err(Forged::FpState(0x1_1f80)));
    }

    #[test]
    fn kernel_addresses_are_refused() {
        let mut ctx = genuine();
        ctx.rip = 0xffff_ffff_8000_0000;
        assert_eq!(ctx.validate(&USER), Err(Forged::OutsideUser(ctx.rip)));
        let mut ctx = genuine();
        ctx.rsp = 0xffff_8000_0000_0000;
        assert_eq!(ctx.validate(&USER), Err(Forged::OutsideUser(ctx.rsp)));
    }
}
