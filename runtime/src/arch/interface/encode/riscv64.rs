//! RV64: `addi a7, zero, imm12`, or `lui`+`addiw` for 32-bit numbers, or a shifted build-up
//! (`slli`/`addi`) for wider ones; then `ecall`, `ret`. The same algorithm as LLVM's
//! `RISCVMatInt`, without its size optimisations.

use super::MachineCode;

/// The syscall number register, `a7` (`x17`).
const A7: u32 = 17;
/// `zero` (`x0`).
const ZERO: u32 = 0;
/// `ecall`.
const ECALL: u32 = 0x0000_0073;
/// `ret` (`jalr zero, 0(ra)`).
const RET: u32 = 0x0000_8067;

/// An I-type instruction `op rd, rs1, imm12` with funct3 `f3`.
const fn i_type(opcode: u32, f3: u32, rd: u32, rs1: u32, imm12: i64) -> u32 {
    (((imm12 as u32) & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode
}

const fn addi(rd: u32, rs1: u32, imm12: i64) -> u32 {
    i_type(0x13, 0, rd, rs1, imm12)
}

const fn addiw(rd: u32, rs1: u32, imm12: i64) -> u32 {
    i_type(0x1b, 0, rd, rs1, imm12)
}

const fn slli(rd: u32, rs1: u32, shamt: u32) -> u32 {
    i_type(0x13, 1, rd, rs1, (shamt & 0x3f) as i64)
}

const fn lui(rd: u32, imm20: u32) -> u32 {
    ((imm20 & 0xf_ffff) << 12) | (rd << 7) | 0x37
}

/// The low 12 bits of `v`, sign-extended: what `addi` adds.
const fn low12(v: i64) -> i64 {
    (v << 52) >> 52
}

/// Loads `value` into `a7` (all arithmetic modulo 2^64, as the registers compute it).
fn load(value: i64, code: &mut MachineCode) {
    if i32::try_from(value).is_ok() {
        // `lui` sign-extends bit 31 and `addiw` wraps at 32 bits, so the pair covers exactly
        // the signed 32-bit range, including the upper-rounding case near 2^31.
        let hi20 = ((value.wrapping_add(0x800) >> 12) & 0xf_ffff) as u32;
        let lo12 = low12(value);
        if hi20 != 0 {
            code.push_word(lui(A7, hi20));
        }
        if lo12 != 0 || hi20 == 0 {
            code.push_word(if hi20 != 0 {
                addiw(A7, A7, lo12)
            } else {
                addi(A7, ZERO, lo12)
            });
        }
        return;
    }
    let lo12 = low12(value);
    let rest = value.wrapping_sub(lo12);
    let shift = rest.trailing_zeros();
    load(rest >> shift, code);
    code.push_word(slli(A7, A7, shift));
    if lo12 != 0 {
        code.push_word(addi(A7, A7, lo12));
    }
}

/// Appends the sequence for `nr`.
pub(super) fn syscall(nr: u64, code: &mut MachineCode) {
    load(nr as i64, code);
    code.push_word(ECALL);
    code.push_word(RET);
}
