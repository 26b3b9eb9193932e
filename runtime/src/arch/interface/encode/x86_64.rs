//! x86-64: `mov eax, imm32` (or `movabs rax, imm64`), `mov r10, rcx`, `syscall`, `ret`.

use super::MachineCode;

/// `mov eax, imm32`: B8+rd id. Writing `eax` zero-extends into `rax`.
const MOV_EAX_IMM32: u8 = 0xb8;
/// `movabs rax, imm64`: REX.W B8+rd io.
const MOVABS_RAX_IMM64: [u8; 2] = [0x48, 0xb8];
/// `mov r10, rcx`: REX.W+B 89 /r with ModRM 11 001 010. The C ABI passes the fourth argument
/// in `rcx`, the syscall ABI in `r10` (`syscall` itself overwrites `rcx`).
const MOV_R10_RCX: [u8; 3] = [0x49, 0x89, 0xca];
/// `syscall`: 0F 05.
const SYSCALL: [u8; 2] = [0x0f, 0x05];
/// `ret` (near): C3.
const RET: u8 = 0xc3;

/// Appends the sequence for `nr`.
pub(super) fn syscall(nr: u64, code: &mut MachineCode) {
    match u32::try_from(nr) {
        Ok(small) => {
            code.push(&[MOV_EAX_IMM32]);
            code.push(&small.to_le_bytes());
        }
        Err(_) => {
            code.push(&MOVABS_RAX_IMM64);
            code.push(&nr.to_le_bytes());
        }
    }
    code.push(&MOV_R10_RCX);
    code.push(&SYSCALL);
    code.push(&[RET]);
}
