//! The register frame the vectors save on exception entry and restore on return.

use core::fmt;

/// Everything the interrupted code owns, saved on the EL1 stack by the exception vectors.
///
/// The vectors restore the general registers, `sp_el0`, `elr`, `spsr`, FPSR, FPCR and `v0..v31`
/// from it on return, so a handler changes what the interrupted code sees by editing it
/// (a syscall's result is written to `x[0]`). `esr` and `far` are read-only information.
#[repr(C)]
#[derive(Clone)]
pub struct TrapFrame {
    /// General registers `x0..x30` (`x30` is the link register).
    pub x: [u64; 31],
    /// `SP_EL0`: the user stack pointer.
    pub sp_el0: u64,
    /// `ELR_EL1`: where execution resumes (for `svc`, the instruction after it).
    pub elr: u64,
    /// `SPSR_EL1`: the interrupted PSTATE.
    pub spsr: u64,
    /// `ESR_EL1`: the exception syndrome.
    pub esr: u64,
    /// `FAR_EL1`: the faulting address, for aborts.
    pub far: u64,
    /// Floating-point status register.
    pub fpsr: u64,
    /// Floating-point control register.
    pub fpcr: u64,
    /// SIMD/FP registers `v0..v31`.
    pub v: [u128; 32],
}

impl fmt::Display for TrapFrame {
    /// General and system registers by name; the alternate form (`{:#}`) adds `v0..v31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (row, regs) in self.x.chunks(4).enumerate() {
            for (col, value) in regs.iter().enumerate() {
                let name = row * 4 + col;
                let sep = if col + 1 == regs.len() { "\n" } else { "  " };
                write!(f, "x{name:<2} {value:#018x}{sep}")?;
            }
        }
        writeln!(
            f,
            "sp_el0 {:#018x}  elr {:#018x}  spsr {:#010x}",
            self.sp_el0, self.elr, self.spsr
        )?;
        write!(
            f,
            "esr {:#010x}  far {:#018x}  fpsr {:#010x}  fpcr {:#010x}",
            self.esr, self.far, self.fpsr, self.fpcr
        )?;
        if f.alternate() {
            for (i, value) in self.v.iter().enumerate() {
                let sep = if i % 2 == 0 { "\n" } else { "  " };
                write!(f, "{sep}v{i:<2} {value:#034x}")?;
            }
        }
        Ok(())
    }
}
