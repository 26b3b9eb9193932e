//! Encodings against an assembler's output (llvm-mc 19), and every sequence run through a tiny
//! interpreter to show it loads exactly `nr`.

extern crate std;
use std::vec::Vec;

use super::{Arch, AssemblySyscallInterface};

fn code(arch: Arch, nr: usize) -> super::MachineCode {
    AssemblySyscallInterface::new().generate_syscall_instruction(arch, nr)
}

/// Little-endian instruction words, as `llvm-mc -show-encoding` prints them.
fn words(ws: &[u32]) -> ([u8; 64], usize) {
    let mut out = [0u8; 64];
    for (i, w) in ws.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&w.to_le_bytes());
    }
    (out, 4 * ws.len())
}

fn assert_words(arch: Arch, nr: usize, expected: &[u32]) {
    let (bytes, len) = words(expected);
    assert_eq!(
        code(arch, nr).as_bytes(),
        &bytes[..len],
        "{arch} nr {nr:#x}"
    );
}

const X86_TAIL: [u8; 6] = [0x49, 0x89, 0xca, 0x0f, 0x05, 0xc3];

#[test]
fn x86_64_known_encodings() {
    // mov eax, 39 / mov eax, 0xffffffff / movabs rax, 0x0123456789abcdef
    let small = code(Arch::X86_64, 39);
    assert_eq!(small.as_bytes()[..5], [0xb8, 0x27, 0x00, 0x00, 0x00]);
    assert_eq!(small.as_bytes()[5..], X86_TAIL);
    assert_eq!(
        code(Arch::X86_64, 0xffff_ffff).as_bytes()[..5],
        [0xb8, 0xff, 0xff, 0xff, 0xff]
    );
    let big = code(Arch::X86_64, 0x0123_4567_89ab_cdef);
    assert_eq!(
        big.as_bytes()[..10],
        [0x48, 0xb8, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01]
    );
    assert_eq!(big.as_bytes()[10..], X86_TAIL);
}

#[test]
fn aarch64_known_encodings() {
    const SVC_RET: [u32; 2] = [0xd400_0001, 0xd65f_03c0];
    assert_words(Arch::Aarch64, 0, &[0xd280_0008, SVC_RET[0], SVC_RET[1]]);
    assert_words(Arch::Aarch64, 39, &[0xd280_04e8, SVC_RET[0], SVC_RET[1]]);
    // movz x8, #0x2345; movk x8, #0x1, lsl #16
    assert_words(
        Arch::Aarch64,
        0x1_2345,
        &[0xd284_68a8, 0xf2a0_0028, SVC_RET[0], SVC_RET[1]],
    );
    assert_words(
        Arch::Aarch64,
        0x0123_4567_89ab_cdef,
        &[
            0xd299_bde8,
            0xf2b1_3568,
            0xf2c8_ace8,
            0xf2e0_2468,
            SVC_RET[0],
            SVC_RET[1],
        ],
    );
}

#[test]
fn riscv64_known_encodings() {
    const ECALL_RET: [u32; 2] = [0x0000_0073, 0x0000_8067];
    let e = ECALL_RET;
    assert_words(Arch::Riscv64, 0, &[0x0000_0893, e[0], e[1]]);
    assert_words(Arch::Riscv64, 39, &[0x0270_0893, e[0], e[1]]);
    assert_words(Arch::Riscv64, 2047, &[0x7ff0_0893, e[0], e[1]]);
    // lui a7, 1; addiw a7, a7, -2048
    assert_words(Arch::Riscv64, 2048, &[0x0000_18b7, 0x8008_889b, e[0], e[1]]);
    assert_words(
        Arch::Riscv64,
        0x1_2345,
        &[0x0001_28b7, 0x3458_889b, e[0], e[1]],
    );
    // lui a7, 524288; addiw a7, a7, -1 (the upper-rounding case)
    assert_words(
        Arch::Riscv64,
        0x7fff_ffff,
        &[0x8000_08b7, 0xfff8_889b, e[0], e[1]],
    );
    // li a7, 1; slli a7, a7, 31
    assert_words(
        Arch::Riscv64,
        0x8000_0000,
        &[0x0010_0893, 0x01f8_9893, e[0], e[1]],
    );
    assert_words(Arch::Riscv64, usize::MAX, &[0xfff0_0893, e[0], e[1]]);
    assert_words(
        Arch::Riscv64,
        0x0123_4567_89ab_cdef,
        &[
            0x0009_28b7,
            0xa2b8_889b,
            0x00c8_9893,
            0x3c58_8893,
            0x00d8_9893,
            0xabd8_8893,
            0x00c8_9893,
            0xdef8_8893,
            e[0],
            e[1],
        ],
    );
}

/// Runs an x86_64 sequence: the value of `rax` at `syscall`.
fn run_x86_64(b: &[u8]) -> u64 {
    let (value, rest) = match b {
        [0xb8, imm @ ..] => (
            u64::from(u32::from_le_bytes(imm[..4].try_into().unwrap())),
            &imm[4..],
        ),
        [0x48, 0xb8, imm @ ..] => (u64::from_le_bytes(imm[..8].try_into().unwrap()), &imm[8..]),
        _ => panic!("unexpected x86_64 code {b:x?}"),
    };
    assert_eq!(rest, X86_TAIL);
    value
}

fn instruction_words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
}

/// Runs an AArch64 sequence: the value of `x8` at `svc #0`.
fn run_aarch64(b: &[u8]) -> u64 {
    let mut x8 = 0xdead_beef_dead_beef_u64;
    let mut ws = instruction_words(b);
    for w in ws.by_ref() {
        if w == 0xd400_0001 {
            break;
        }
        assert_eq!(w & 0x1f, 8, "writes x8");
        let (hw, imm) = ((w >> 21) & 3, u64::from((w >> 5) & 0xffff));
        let shift = 16 * hw;
        match w & 0xff80_0000 {
            0xd280_0000 => x8 = imm << shift,
            0xf280_0000 => x8 = (x8 & !(0xffff << shift)) | (imm << shift),
            _ => panic!("unexpected AArch64 instruction {w:#010x}"),
        }
    }
    assert_eq!(ws.collect::<Vec<_>>(), [0xd65f_03c0]);
    x8
}

/// Runs a RISC-V sequence: the value of `a7` at `ecall`.
fn run_riscv64(b: &[u8]) -> u64 {
    let mut a7 = 0xdead_beef_dead_beef_u64;
    let mut ws = instruction_words(b);
    for w in ws.by_ref() {
        if w == 0x0000_0073 {
            break;
        }
        assert_eq!((w >> 7) & 0x1f, 17, "writes a7");
        let rs1 = match (w >> 15) & 0x1f {
            _ if w & 0x7f == 0x37 => 0, // lui has no rs1
            0 => 0,
            17 => a7,
            r => panic!("reads x{r}"),
        };
        let imm12 = ((w as i32) >> 20) as i64 as u64;
        a7 = match (w & 0x7f, (w >> 12) & 7) {
            (0x37, _) => ((w & 0xffff_f000) as i32) as i64 as u64,
            (0x13, 0) => rs1.wrapping_add(imm12),
            (0x1b, 0) => (rs1.wrapping_add(imm12) as u32 as i32) as i64 as u64,
            (0x13, 1) => rs1 << ((w >> 20) & 0x3f),
            _ => panic!("unexpected RISC-V instruction {w:#010x}"),
        };
    }
    assert_eq!(ws.collect::<Vec<_>>(), [0x0000_8067]);
    a7
}

/// Edge values, every power of two and its neighbours, and a pseudo-random sweep.
fn numbers() -> impl Iterator<Item = usize> {
    let edges = [0, 1, 2047, 2048, 4095, 0x7fff_f800, 0xffff_f800, usize::MAX];
    let powers = (0..64).flat_map(|i| {
        let p = 1usize << i;
        [p.wrapping_sub(1), p, p.wrapping_add(1), p.wrapping_neg()]
    });
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let random = core::iter::repeat_with(move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as usize >> (x % 64)
    })
    .take(20_000);
    edges.into_iter().chain(powers).chain(random)
}

#[test]
fn every_number_loads_exactly() {
    for nr in numbers() {
        let n = nr as u64;
        assert_eq!(run_x86_64(code(Arch::X86_64, nr).as_bytes()), n);
        assert_eq!(run_aarch64(code(Arch::Aarch64, nr).as_bytes()), n);
        let rv = code(Arch::Riscv64, nr);
        assert_eq!(run_riscv64(rv.as_bytes()), n, "riscv64 {nr:#x}");
        assert!(rv.len() <= 40, "at most 8 instructions to load");
    }
}

#[test]
fn register_maps() {
    let asi = AssemblySyscallInterface::new();
    let x86 = asi.get_parameter_registers(Arch::X86_64);
    assert_eq!(
        (x86.number, x86.args, x86.ret),
        ("rax", ["rdi", "rsi", "rdx", "r10", "r8", "r9"], "rax")
    );
    assert_eq!(x86.clobbers, ["rcx", "r11"]);
    let arm = asi.get_parameter_registers(Arch::Aarch64);
    assert_eq!(
        (arm.instruction, arm.number, arm.args, arm.ret),
        ("svc #0", "x8", ["x0", "x1", "x2", "x3", "x4", "x5"], "x0")
    );
    let rv = asi.get_parameter_registers(Arch::Riscv64);
    assert_eq!(
        (rv.instruction, rv.number, rv.args, rv.ret),
        ("ecall", "a7", ["a0", "a1", "a2", "a3", "a4", "a5"], "a0")
    );
    assert!(arm.clobbers.is_empty() && rv.clobbers.is_empty());
}

#[test]
fn entry_points_name_their_register() {
    let asi = AssemblySyscallInterface::new();
    assert!(
        asi.get_syscall_entry_point(Arch::X86_64)
            .installed_via
            .contains("LSTAR")
    );
    let arm = asi.get_syscall_entry_point(Arch::Aarch64);
    assert!(arm.installed_via.starts_with("VBAR_EL1") && arm.offset == 0x400);
    assert!(
        asi.get_syscall_entry_point(Arch::Riscv64)
            .installed_via
            .starts_with("stvec")
    );
    // A hosted build has no live register.
    assert_eq!(asi.get_syscall_entry_point(Arch::X86_64).address(), None);
    assert_eq!(
        Arch::current().map(Arch::name),
        Some(std::env::consts::ARCH)
    );
}
