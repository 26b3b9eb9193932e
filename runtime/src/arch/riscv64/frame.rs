//! The register frame the trap vector saves on entry and restores on return.

use core::fmt;

use crate::SyscallArgs;

/// ABI names of `x0..x31`, for printing.
const NAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
];

/// Everything the interrupted code owns, saved on the kernel stack by the trap vector.
///
/// The vector restores `x1..x31`, `sepc` and `sstatus` from it on return, so a hook changes
/// what the interrupted code sees by editing it. `scause`, `stval` and `orig_a0` are read-only
/// information. A syscall's frame is completed only when it is handed to the kernel, in the
/// exit work ([`EntryHooks::exit_to_user`](super::EntryHooks::exit_to_user)): then `x[10]`
/// (`a0`) is the result, `orig_a0` the first argument, `scause` 8 and `stval` 0. While the
/// handler runs, and on a return with no exit work, those four are left as they were (`a0`
/// still the first argument; the result goes back in the register); the registers, `sepc`
/// and `sstatus` are always there. The FP registers are not in it: the
/// kernel runs with `sstatus.FS` = Off and never touches them, so they keep the interrupted
/// code's values; `sstatus.FS` in the frame tells whether that code changed them (Dirty).
#[repr(C)]
#[derive(Clone)]
pub struct TrapFrame {
    /// General registers, indexed by number (`x[2]` is the interrupted `sp`; `x[0]` is 0).
    pub x: [u64; 32],
    /// Where execution resumes (for `ecall`, advanced past it before returning).
    pub sepc: u64,
    /// The interrupted `sstatus` (`SPP` tells which mode trapped).
    pub sstatus: u64,
    /// The trap cause.
    pub scause: u64,
    /// The trap value (faulting address or instruction bits).
    pub stval: u64,
    /// For a syscall, the first argument as the caller passed it (the result overwrites
    /// `a0`): a restarted call gets it back.
    pub orig_a0: u64,
}

impl TrapFrame {
    /// Offset of the syscall arguments `a0..a5` (`x10..x15`), which are a [`SyscallArgs`] in
    /// place: `SyscallArgs` is a transparent `[usize; 6]`, and `usize` is `u64` here.
    pub(super) const ARGS: usize = core::mem::offset_of!(TrapFrame, x) + 10 * 8;
}

const _: () = assert!(size_of::<SyscallArgs>() == 6 * 8 && align_of::<SyscallArgs>() == 8);

impl fmt::Display for TrapFrame {
    /// Registers by ABI name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, value)) in NAMES.iter().zip(self.x).enumerate().skip(1) {
            let sep = if i % 4 == 0 || i == 31 { "\n" } else { "  " };
            write!(f, "{name:<4} {value:#018x}{sep}")?;
        }
        write!(
            f,
            "sepc {:#018x}  sstatus {:#018x}\nscause {:#018x}  stval {:#018x}",
            self.sepc, self.sstatus, self.scause, self.stval
        )
    }
}
