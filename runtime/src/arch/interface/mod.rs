//! `AssemblySyscallInterface`: the syscall ABI of each architecture as data and machine code.
//!
//! Portable: generating code for AArch64 works on an x86_64 host and vice versa. Only reading
//! the live entry register ([`EntryPoint::of`] on the running architecture) is not.
//!
//! ```
//! use sysgate::arch::{Arch, AssemblySyscallInterface};
//!
//! let asi = AssemblySyscallInterface::new();
//! assert_eq!(asi.get_parameter_registers(Arch::Riscv64).number, "a7");
//! # #[cfg(feature = "codegen")] {
//! // mov eax, 39; mov r10, rcx; syscall; ret (feature `codegen`)
//! let code = asi.generate_syscall_instruction(Arch::X86_64, 39);
//! assert_eq!(code.as_bytes(), [0xb8, 39, 0, 0, 0, 0x49, 0x89, 0xca, 0x0f, 0x05, 0xc3]);
//! # }
//! ```

mod arch_id;
#[cfg(feature = "codegen")]
mod code;
#[cfg(feature = "codegen")]
mod encode;
mod entry;
mod live;
mod registers;
mod settings;
mod status;
#[cfg(all(test, feature = "codegen"))]
mod tests;

pub use arch_id::Arch;
#[cfg(feature = "codegen")]
pub use code::MachineCode;
pub use entry::{EntryPoint, InstalledEntry};
pub use registers::ParameterRegisters;
pub use settings::OptimizationSettings;
pub use status::InterfaceStatus;

use crate::{perf, trace};

/// The syscall interface of the three architectures: entry points, generated instruction
/// sequences, register conventions, settings and status.
#[derive(Clone, Copy, Debug, Default)]
pub struct AssemblySyscallInterface;

impl AssemblySyscallInterface {
    /// The interface (it holds no state of its own; everything is read from the runtime).
    pub const fn new() -> Self {
        AssemblySyscallInterface
    }

    /// Where `arch`'s syscall entry is and how it is installed; on the running architecture of
    /// a bare-metal build, the live register value (a privileged read: call it in the kernel).
    pub fn get_syscall_entry_point(&self, arch: Arch) -> EntryPoint {
        EntryPoint::of(arch)
    }

    /// Machine code that loads `nr` into `arch`'s number register, makes the syscall and
    /// returns: callable as `extern "C" fn(usize, usize, usize, usize, usize, usize) -> isize`
    /// (on x86_64 it moves the fourth argument from `rcx` to `r10`).
    ///
    /// Every `nr` has an encoding: x86_64 `mov eax, imm32` or `movabs rax, imm64`; AArch64
    /// `movz x8` plus a `movk` per further non-zero half-word; RISC-V `addi a7, zero, imm12`,
    /// `lui`+`addiw`, or a shifted build-up. Feature `codegen`.
    #[cfg(feature = "codegen")]
    pub fn generate_syscall_instruction(&self, arch: Arch, nr: usize) -> MachineCode {
        encode::syscall(arch, nr)
    }

    /// The registers of `arch`'s syscall convention.
    pub fn get_parameter_registers(&self, arch: Arch) -> ParameterRegisters {
        ParameterRegisters::of(arch)
    }

    /// The optimisation settings in force.
    pub fn get_optimization_settings(&self) -> OptimizationSettings {
        OptimizationSettings::current()
    }

    /// Turns instrumentation on or off ([`perf::enable`]/[`perf::disable`]).
    pub fn set_instrumentation(&self, on: bool) {
        if on { perf::enable() } else { perf::disable() }
    }

    /// Times one call in `period` (a power of two), or none with 0 ([`perf::set_sample_period`]).
    pub fn set_sample_period(&self, period: u32) -> Result<(), perf::BadPeriod> {
        perf::set_sample_period(period)
    }

    /// Turns tracing of every call on or off ([`trace::enable`]/[`trace::disable`]).
    pub fn set_tracing(&self, on: bool) {
        if on {
            trace::enable()
        } else {
            trace::disable()
        }
    }

    /// What is installed and the counters.
    pub fn get_status(&self) -> InterfaceStatus {
        InterfaceStatus::current()
    }
}
