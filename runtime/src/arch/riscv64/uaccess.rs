//! RISC-V user access (see [`crate::uaccess`]): `sstatus.SUM` is set only around the copy
//! loops and cleared on every way out, the fixups included (the trap vector also clears it
//! while the kernel handles a trap, and `sret` restores the interrupted value).
//!
//! When source and destination share their alignment modulo 8, bytes up to a word boundary,
//! then 32 bytes per iteration (four `ld`/`sd` pairs), then words, then bytes; otherwise bytes
//! (a misaligned `ld` would trap). A fault in a word loop resumes at the byte loop, which
//! redoes the words of the interrupted iteration, so the count returned is exact to the byte.

use core::arch::global_asm;

use super::super::extable::entry;

unsafe extern "C" {
    fn __sysgate_riscv64_copy_user(dst: *mut u8, src: *const u8, len: usize) -> usize;
    fn __sysgate_riscv64_clear_user(dst: *mut u8, len: usize) -> usize;
    fn __sysgate_riscv64_strncpy_user(dst: *mut u8, src: *const u8, count: usize) -> isize;
}

global_asm!(
    ".pushsection .text.sysgate_uaccess, \"ax\"",
    // copy_user(a0 = dst, a1 = src, a2 = len) -> a0 = bytes not copied.
    ".balign 4",
    ".global __sysgate_riscv64_copy_user",
    "__sysgate_riscv64_copy_user:",
    "li t6, {sum}",
    "csrs sstatus, t6",
    "xor t0, a0, a1",
    "andi t0, t0, 7",
    "bnez t0, .Lsg_cu_1",
    ".Lsg_cu_align:",
    "andi t0, a1, 7",
    "beqz t0, .Lsg_cu_words",
    "beqz a2, .Lsg_cu_out",
    ".Lsg_cu_al: lb t1, 0(a1)",
    ".Lsg_cu_as: sb t1, 0(a0)",
    "addi a0, a0, 1",
    "addi a1, a1, 1",
    "addi a2, a2, -1",
    "j .Lsg_cu_align",
    ".Lsg_cu_words:",
    "li t0, 32",
    "bltu a2, t0, .Lsg_cu_8",
    ".Lsg_cu_32:",
    ".Lsg_cu_l0: ld t1, 0(a1)",
    ".Lsg_cu_l1: ld t2, 8(a1)",
    ".Lsg_cu_l2: ld t3, 16(a1)",
    ".Lsg_cu_l3: ld t4, 24(a1)",
    ".Lsg_cu_s0: sd t1, 0(a0)",
    ".Lsg_cu_s1: sd t2, 8(a0)",
    ".Lsg_cu_s2: sd t3, 16(a0)",
    ".Lsg_cu_s3: sd t4, 24(a0)",
    "addi a0, a0, 32",
    "addi a1, a1, 32",
    "addi a2, a2, -32",
    "bgeu a2, t0, .Lsg_cu_32",
    ".Lsg_cu_8:",
    "li t0, 8",
    "bltu a2, t0, .Lsg_cu_1",
    ".Lsg_cu_l4: ld t1, 0(a1)",
    ".Lsg_cu_s4: sd t1, 0(a0)",
    "addi a0, a0, 8",
    "addi a1, a1, 8",
    "addi a2, a2, -8",
    "j .Lsg_cu_8",
    ".Lsg_cu_1:",
    "beqz a2, .Lsg_cu_out",
    ".Lsg_cu_l5: lb t1, 0(a1)",
    ".Lsg_cu_s5: sb t1, 0(a0)",
    "addi a0, a0, 1",
    "addi a1, a1, 1",
    "addi a2, a2, -1",
    "j .Lsg_cu_1",
    ".Lsg_cu_out:",
    "csrc sstatus, t6",
    "mv a0, a2",
    "ret",
    entry!(".Lsg_cu_al", ".Lsg_cu_out"),
    entry!(".Lsg_cu_as", ".Lsg_cu_out"),
    entry!(".Lsg_cu_l0", ".Lsg_cu_1"),
    entry!(".Lsg_cu_l1", ".Lsg_cu_1"),
    entry!(".Lsg_cu_l2", ".Lsg_cu_1"),
    entry!(".Lsg_cu_l3", ".Lsg_cu_1"),
    entry!(".Lsg_cu_s0", ".Lsg_cu_1"),
    entry!(".Lsg_cu_s1", ".Lsg_cu_1"),
    entry!(".Lsg_cu_s2", ".Lsg_cu_1"),
    entry!(".Lsg_cu_s3", ".Lsg_cu_1"),
    entry!(".Lsg_cu_l4", ".Lsg_cu_1"),
    entry!(".Lsg_cu_s4", ".Lsg_cu_1"),
    entry!(".Lsg_cu_l5", ".Lsg_cu_out"),
    entry!(".Lsg_cu_s5", ".Lsg_cu_out"),
    // clear_user(a0 = dst, a1 = len) -> a0 = bytes not zeroed.
    ".balign 4",
    ".global __sysgate_riscv64_clear_user",
    "__sysgate_riscv64_clear_user:",
    "li t6, {sum}",
    "csrs sstatus, t6",
    ".Lsg_cl_align:",
    "andi t0, a0, 7",
    "beqz t0, .Lsg_cl_words",
    "beqz a1, .Lsg_cl_out",
    ".Lsg_cl_as: sb zero, 0(a0)",
    "addi a0, a0, 1",
    "addi a1, a1, -1",
    "j .Lsg_cl_align",
    ".Lsg_cl_words:",
    "li t0, 32",
    "bltu a1, t0, .Lsg_cl_8",
    ".Lsg_cl_32:",
    ".Lsg_cl_s0: sd zero, 0(a0)",
    ".Lsg_cl_s1: sd zero, 8(a0)",
    ".Lsg_cl_s2: sd zero, 16(a0)",
    ".Lsg_cl_s3: sd zero, 24(a0)",
    "addi a0, a0, 32",
    "addi a1, a1, -32",
    "bgeu a1, t0, .Lsg_cl_32",
    ".Lsg_cl_8:",
    "li t0, 8",
    "bltu a1, t0, .Lsg_cl_1",
    ".Lsg_cl_s4: sd zero, 0(a0)",
    "addi a0, a0, 8",
    "addi a1, a1, -8",
    "j .Lsg_cl_8",
    ".Lsg_cl_1:",
    "beqz a1, .Lsg_cl_out",
    ".Lsg_cl_s5: sb zero, 0(a0)",
    "addi a0, a0, 1",
    "addi a1, a1, -1",
    "j .Lsg_cl_1",
    ".Lsg_cl_out:",
    "csrc sstatus, t6",
    "mv a0, a1",
    "ret",
    entry!(".Lsg_cl_as", ".Lsg_cl_out"),
    entry!(".Lsg_cl_s0", ".Lsg_cl_1"),
    entry!(".Lsg_cl_s1", ".Lsg_cl_1"),
    entry!(".Lsg_cl_s2", ".Lsg_cl_1"),
    entry!(".Lsg_cl_s3", ".Lsg_cl_1"),
    entry!(".Lsg_cl_s4", ".Lsg_cl_1"),
    entry!(".Lsg_cl_s5", ".Lsg_cl_out"),
    // strncpy_user(a0 = dst, a1 = src, a2 = count) -> a0 = length before the NUL (NUL
    // copied), `count` if none among `count` bytes, -EFAULT on a fault.
    ".balign 4",
    ".global __sysgate_riscv64_strncpy_user",
    "__sysgate_riscv64_strncpy_user:",
    "li t6, {sum}",
    "csrs sstatus, t6",
    "li t0, 0",
    "beqz a2, .Lsg_sn_out",
    ".Lsg_sn_loop:",
    "add t2, a1, t0",
    ".Lsg_sn_load: lbu t1, 0(t2)",
    "add t3, a0, t0",
    "sb t1, 0(t3)",
    "beqz t1, .Lsg_sn_out",
    "addi t0, t0, 1",
    "bltu t0, a2, .Lsg_sn_loop",
    "j .Lsg_sn_out",
    ".Lsg_sn_fault:",
    "li t0, -14",
    ".Lsg_sn_out:",
    "csrc sstatus, t6",
    "mv a0, t0",
    "ret",
    entry!(".Lsg_sn_load", ".Lsg_sn_fault"),
    ".popsection",
    sum = const SSTATUS_SUM,
);

/// `sstatus.SUM`: S-mode may access U-mode pages.
const SSTATUS_SUM: usize = 1 << 18;

/// See [`crate::uaccess::copy_from_user`].
#[inline]
pub(crate) unsafe fn copy_from_user(dst: *mut u8, src: usize, len: usize) -> usize {
    // SAFETY: the routine follows the C ABI; the caller guarantees the ranges.
    unsafe { __sysgate_riscv64_copy_user(dst, src as *const u8, len) }
}

/// See [`crate::uaccess::copy_to_user`].
#[inline]
pub(crate) unsafe fn copy_to_user(dst: usize, src: *const u8, len: usize) -> usize {
    // SAFETY: as above.
    unsafe { __sysgate_riscv64_copy_user(dst as *mut u8, src, len) }
}

/// See [`crate::uaccess::clear_user`].
#[inline]
pub(crate) unsafe fn clear_user(dst: usize, len: usize) -> usize {
    // SAFETY: as above.
    unsafe { __sysgate_riscv64_clear_user(dst as *mut u8, len) }
}

/// The string's length, `count` without a NUL, or `-EFAULT`.
#[inline]
pub(crate) unsafe fn strncpy_from_user(dst: *mut u8, src: usize, count: usize) -> isize {
    // SAFETY: as above.
    unsafe { __sysgate_riscv64_strncpy_user(dst, src as *const u8, count) }
}

pub(crate) use super::super::extable::fixup;
