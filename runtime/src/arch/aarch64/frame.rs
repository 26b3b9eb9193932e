//! The register frame the vectors save on exception entry and restore on return.

use core::fmt;

use crate::SyscallArgs;

/// Whether the vectors save and restore the FP/SIMD registers (`v0..v31`, FPSR, FPCR) on
/// every exception: exactly when the kernel is compiled with FP/SIMD (target feature `neon`,
/// as on `aarch64-unknown-none`), whose code may then use them anywhere (`core::fmt`, copies).
///
/// Built for `aarch64-unknown-none-softfloat`, the kernel never touches them (the compiler
/// emits no FP/SIMD instruction), so the user's values simply stay in the registers across
/// syscalls and traps, as in Linux, and the entry saves none: the frame has no `fp` field. A
/// kernel that switches between user threads then saves and restores them at the switch.
pub const SAVES_FP: bool = cfg!(target_feature = "neon");

/// Everything the interrupted code owns, saved on the EL1 stack by the exception vectors.
///
/// The vectors restore the general registers, `sp_el0`, `elr`, `spsr` (and, when
/// [`SAVES_FP`], the FP/SIMD registers) from it on return, so a handler changes what the
/// interrupted code sees by editing it (a syscall's result is written to `x[0]`). `esr` and
/// `far` are read-only information.
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
    /// The FP/SIMD registers, saved because the kernel's code may use them ([`SAVES_FP`]).
    #[cfg(target_feature = "neon")]
    pub fp: FpRegs,
}

/// The FP/SIMD state of the interrupted code, part of the [`TrapFrame`] when [`SAVES_FP`].
#[cfg(target_feature = "neon")]
#[repr(C)]
#[derive(Clone)]
pub struct FpRegs {
    /// Floating-point status register.
    pub fpsr: u64,
    /// Floating-point control register.
    pub fpcr: u64,
    /// SIMD/FP registers `v0..v31`.
    pub v: [u128; 32],
}

impl TrapFrame {
    /// The syscall arguments `x0..x5`, in place.
    pub(crate) fn syscall_args(&self) -> &SyscallArgs {
        let args: &[u64; 6] = self.x.first_chunk().expect("31 registers");
        // SAFETY: `SyscallArgs` is a transparent `[usize; 6]`, and `usize` is `u64` here.
        unsafe { &*core::ptr::from_ref(args).cast::<SyscallArgs>() }
    }
}

impl fmt::Display for TrapFrame {
    /// General and system registers by name; the alternate form (`{:#}`) adds the FP/SIMD
    /// registers when the frame holds them.
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
        write!(f, "esr {:#010x}  far {:#018x}", self.esr, self.far)?;
        #[cfg(target_feature = "neon")]
        {
            write!(
                f,
                "  fpsr {:#010x}  fpcr {:#010x}",
                self.fp.fpsr, self.fp.fpcr
            )?;
            if f.alternate() {
                for (i, value) in self.fp.v.iter().enumerate() {
                    let sep = if i % 2 == 0 { "\n" } else { "  " };
                    write!(f, "{sep}v{i:<2} {value:#034x}")?;
                }
            }
        }
        Ok(())
    }
}
