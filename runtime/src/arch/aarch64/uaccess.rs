//! AArch64 user access (see [`crate::uaccess`]): the user side of every copy is an
//! unprivileged `ldtr`/`sttr`, which the MMU checks as an EL0 access. So PAN stays set the
//! whole time (a kernel pointer passed as a user one faults too), and there is no window to
//! close on the way out. 32 bytes per iteration (four words), then words, then bytes.
//!
//! A fault in a word loop resumes at the byte loop, which redoes the words of the interrupted
//! iteration, so the count returned is exact to the byte.

use core::arch::global_asm;

use super::super::extable::entry;

unsafe extern "C" {
    fn __sysgate_aarch64_copy_from_user(dst: *mut u8, src: *const u8, len: usize) -> usize;
    fn __sysgate_aarch64_copy_to_user(dst: *mut u8, src: *const u8, len: usize) -> usize;
    fn __sysgate_aarch64_clear_user(dst: *mut u8, len: usize) -> usize;
    fn __sysgate_aarch64_strncpy_user(dst: *mut u8, src: *const u8, count: usize) -> isize;
}

global_asm!(
    ".pushsection .text.sysgate_uaccess, \"ax\"",
    // copy_from_user(x0 = dst, x1 = user src, x2 = len) -> x0 = bytes not copied.
    ".balign 16",
    ".global __sysgate_aarch64_copy_from_user",
    "__sysgate_aarch64_copy_from_user:",
    "cmp x2, #32",
    "b.lo .Lsg_cf_8",
    ".Lsg_cf_32:",
    ".Lsg_cf_a: ldtr x3, [x1]",
    ".Lsg_cf_b: ldtr x4, [x1, #8]",
    ".Lsg_cf_c: ldtr x5, [x1, #16]",
    ".Lsg_cf_d: ldtr x6, [x1, #24]",
    "stp x3, x4, [x0]",
    "stp x5, x6, [x0, #16]",
    "add x0, x0, #32",
    "add x1, x1, #32",
    "sub x2, x2, #32",
    "cmp x2, #32",
    "b.hs .Lsg_cf_32",
    ".Lsg_cf_8:",
    "cmp x2, #8",
    "b.lo .Lsg_cf_1",
    ".Lsg_cf_e: ldtr x3, [x1]",
    "str x3, [x0], #8",
    "add x1, x1, #8",
    "sub x2, x2, #8",
    "b .Lsg_cf_8",
    ".Lsg_cf_1:",
    "cbz x2, .Lsg_cf_out",
    ".Lsg_cf_f: ldtrb w3, [x1]",
    "strb w3, [x0], #1",
    "add x1, x1, #1",
    "subs x2, x2, #1",
    "b.ne .Lsg_cf_1",
    ".Lsg_cf_out:",
    "mov x0, x2",
    "ret",
    entry!(".Lsg_cf_a", ".Lsg_cf_1"),
    entry!(".Lsg_cf_b", ".Lsg_cf_1"),
    entry!(".Lsg_cf_c", ".Lsg_cf_1"),
    entry!(".Lsg_cf_d", ".Lsg_cf_1"),
    entry!(".Lsg_cf_e", ".Lsg_cf_1"),
    entry!(".Lsg_cf_f", ".Lsg_cf_out"),
    // copy_to_user(x0 = user dst, x1 = src, x2 = len) -> x0 = bytes not copied.
    ".balign 16",
    ".global __sysgate_aarch64_copy_to_user",
    "__sysgate_aarch64_copy_to_user:",
    "cmp x2, #32",
    "b.lo .Lsg_ct_8",
    ".Lsg_ct_32:",
    "ldp x3, x4, [x1]",
    "ldp x5, x6, [x1, #16]",
    ".Lsg_ct_a: sttr x3, [x0]",
    ".Lsg_ct_b: sttr x4, [x0, #8]",
    ".Lsg_ct_c: sttr x5, [x0, #16]",
    ".Lsg_ct_d: sttr x6, [x0, #24]",
    "add x0, x0, #32",
    "add x1, x1, #32",
    "sub x2, x2, #32",
    "cmp x2, #32",
    "b.hs .Lsg_ct_32",
    ".Lsg_ct_8:",
    "cmp x2, #8",
    "b.lo .Lsg_ct_1",
    "ldr x3, [x1], #8",
    ".Lsg_ct_e: sttr x3, [x0]",
    "add x0, x0, #8",
    "sub x2, x2, #8",
    "b .Lsg_ct_8",
    // The 8-byte step advanced x1 before its store: step it back for the byte retry.
    ".Lsg_ct_e_fault:",
    "sub x1, x1, #8",
    ".Lsg_ct_1:",
    "cbz x2, .Lsg_ct_out",
    "ldrb w3, [x1], #1",
    ".Lsg_ct_f: sttrb w3, [x0]",
    "add x0, x0, #1",
    "subs x2, x2, #1",
    "b.ne .Lsg_ct_1",
    ".Lsg_ct_out:",
    "mov x0, x2",
    "ret",
    entry!(".Lsg_ct_a", ".Lsg_ct_1"),
    entry!(".Lsg_ct_b", ".Lsg_ct_1"),
    entry!(".Lsg_ct_c", ".Lsg_ct_1"),
    entry!(".Lsg_ct_d", ".Lsg_ct_1"),
    entry!(".Lsg_ct_e", ".Lsg_ct_e_fault"),
    entry!(".Lsg_ct_f", ".Lsg_ct_out"),
    // clear_user(x0 = user dst, x1 = len) -> x0 = bytes not zeroed.
    ".balign 16",
    ".global __sysgate_aarch64_clear_user",
    "__sysgate_aarch64_clear_user:",
    "cmp x1, #32",
    "b.lo .Lsg_cl_8",
    ".Lsg_cl_32:",
    ".Lsg_cl_a: sttr xzr, [x0]",
    ".Lsg_cl_b: sttr xzr, [x0, #8]",
    ".Lsg_cl_c: sttr xzr, [x0, #16]",
    ".Lsg_cl_d: sttr xzr, [x0, #24]",
    "add x0, x0, #32",
    "sub x1, x1, #32",
    "cmp x1, #32",
    "b.hs .Lsg_cl_32",
    ".Lsg_cl_8:",
    "cmp x1, #8",
    "b.lo .Lsg_cl_1",
    ".Lsg_cl_e: sttr xzr, [x0]",
    "add x0, x0, #8",
    "sub x1, x1, #8",
    "b .Lsg_cl_8",
    ".Lsg_cl_1:",
    "cbz x1, .Lsg_cl_out",
    ".Lsg_cl_f: sttrb wzr, [x0]",
    "add x0, x0, #1",
    "subs x1, x1, #1",
    "b.ne .Lsg_cl_1",
    ".Lsg_cl_out:",
    "mov x0, x1",
    "ret",
    entry!(".Lsg_cl_a", ".Lsg_cl_1"),
    entry!(".Lsg_cl_b", ".Lsg_cl_1"),
    entry!(".Lsg_cl_c", ".Lsg_cl_1"),
    entry!(".Lsg_cl_d", ".Lsg_cl_1"),
    entry!(".Lsg_cl_e", ".Lsg_cl_1"),
    entry!(".Lsg_cl_f", ".Lsg_cl_out"),
    // strncpy_user(x0 = dst, x1 = user src, x2 = count) -> x0 = length before the NUL (NUL
    // copied), `count` if none among `count` bytes, -EFAULT on a fault.
    ".balign 16",
    ".global __sysgate_aarch64_strncpy_user",
    "__sysgate_aarch64_strncpy_user:",
    "mov x3, #0",
    "cbz x2, .Lsg_sn_out",
    ".Lsg_sn_loop:",
    "add x5, x1, x3",
    ".Lsg_sn_load: ldtrb w4, [x5]",
    "strb w4, [x0, x3]",
    "cbz w4, .Lsg_sn_out",
    "add x3, x3, #1",
    "cmp x3, x2",
    "b.lo .Lsg_sn_loop",
    ".Lsg_sn_out:",
    "mov x0, x3",
    "ret",
    ".Lsg_sn_fault:",
    "mov x0, #-14",
    "ret",
    entry!(".Lsg_sn_load", ".Lsg_sn_fault"),
    ".popsection",
);

/// See [`crate::uaccess::copy_from_user`].
#[inline]
pub(crate) unsafe fn copy_from_user(dst: *mut u8, src: usize, len: usize) -> usize {
    // SAFETY: the routine follows the C ABI; the caller guarantees the ranges.
    unsafe { __sysgate_aarch64_copy_from_user(dst, src as *const u8, len) }
}

/// See [`crate::uaccess::copy_to_user`].
#[inline]
pub(crate) unsafe fn copy_to_user(dst: usize, src: *const u8, len: usize) -> usize {
    // SAFETY: as above.
    unsafe { __sysgate_aarch64_copy_to_user(dst as *mut u8, src, len) }
}

/// See [`crate::uaccess::clear_user`].
#[inline]
pub(crate) unsafe fn clear_user(dst: usize, len: usize) -> usize {
    // SAFETY: as above.
    unsafe { __sysgate_aarch64_clear_user(dst as *mut u8, len) }
}

/// The string's length, `count` without a NUL, or `-EFAULT`.
#[inline]
pub(crate) unsafe fn strncpy_from_user(dst: *mut u8, src: usize, count: usize) -> isize {
    // SAFETY: as above.
    unsafe { __sysgate_aarch64_strncpy_user(dst, src as *const u8, count) }
}

pub(crate) use super::super::extable::fixup;
