//! AArch64: `movz x8, #imm16, lsl #s` (+ `movk` for each further non-zero half-word),
//! `svc #0`, `ret`.

use super::MachineCode;

/// `movz` (64-bit): sf=1 opc=10 100101 hw imm16 Rd.
const MOVZ_X: u32 = 0xd280_0000;
/// `movk` (64-bit): sf=1 opc=11 100101 hw imm16 Rd.
const MOVK_X: u32 = 0xf280_0000;
/// The syscall number register.
const X8: u32 = 8;
/// `svc #0`.
const SVC_0: u32 = 0xd400_0001;
/// `ret` (to `x30`).
const RET: u32 = 0xd65f_03c0;

/// A move-wide instruction putting `imm16` at half-word `hw` of `x8`.
const fn move_wide(base: u32, hw: u32, imm16: u32) -> u32 {
    base | (hw << 21) | (imm16 << 5) | X8
}

/// Appends the sequence for `nr`.
pub(super) fn syscall(nr: u64, code: &mut MachineCode) {
    let mut first = true;
    for hw in 0..4u32 {
        let imm16 = ((nr >> (16 * hw)) & 0xffff) as u32;
        // Zero half-words come free with `movz`; zero itself still needs one.
        if imm16 == 0 && !(nr == 0 && hw == 0) {
            continue;
        }
        let base = if first { MOVZ_X } else { MOVK_X };
        code.push_word(move_wide(base, hw, imm16));
        first = false;
    }
    code.push_word(SVC_0);
    code.push_word(RET);
}
