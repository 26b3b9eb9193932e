//! The syscall register convention of each architecture.

use super::Arch;

/// Which registers carry a syscall's number, arguments and result, and what it clobbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParameterRegisters {
    /// The instruction that enters the kernel.
    pub instruction: &'static str,
    /// The register holding the syscall number.
    pub number: &'static str,
    /// The registers holding arguments 0..5, in order.
    pub args: [&'static str; 6],
    /// The register the result comes back in (`-4095..=-1` is `-errno`).
    pub ret: &'static str,
    /// Registers the call changes besides `ret`; every other register is preserved.
    pub clobbers: &'static [&'static str],
}

impl ParameterRegisters {
    /// The convention sysgate's entry implements on `arch` (Linux's, for each).
    pub const fn of(arch: Arch) -> ParameterRegisters {
        match arch {
            Arch::X86_64 => ParameterRegisters {
                instruction: "syscall",
                number: "rax",
                args: ["rdi", "rsi", "rdx", "r10", "r8", "r9"],
                ret: "rax",
                // `syscall` saves the return address in rcx and rflags in r11.
                clobbers: &["rcx", "r11"],
            },
            Arch::Aarch64 => ParameterRegisters {
                instruction: "svc #0",
                number: "x8",
                args: ["x0", "x1", "x2", "x3", "x4", "x5"],
                ret: "x0",
                clobbers: &[],
            },
            Arch::Riscv64 => ParameterRegisters {
                instruction: "ecall",
                number: "a7",
                args: ["a0", "a1", "a2", "a3", "a4", "a5"],
                ret: "a0",
                clobbers: &[],
            },
        }
    }
}
