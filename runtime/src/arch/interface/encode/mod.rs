//! Machine code for "load the number, make the syscall, return", one module per architecture.
//!
//! Each sequence is callable as `extern "C" fn(a0, a1, a2, a3, a4, a5) -> isize`: the C
//! argument registers become the syscall's argument registers, the result comes back in the C
//! return register. Only the number is baked in.

mod aarch64;
mod riscv64;
mod x86_64;

use super::{Arch, MachineCode};

/// Generates the code for syscall `nr` on `arch`.
pub(super) fn syscall(arch: Arch, nr: usize) -> MachineCode {
    let mut code = MachineCode::new();
    match arch {
        Arch::X86_64 => x86_64::syscall(nr as u64, &mut code),
        Arch::Aarch64 => aarch64::syscall(nr as u64, &mut code),
        Arch::Riscv64 => riscv64::syscall(nr as u64, &mut code),
    }
    code
}
