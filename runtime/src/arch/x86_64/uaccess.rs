//! x86_64 user access (see [`crate::uaccess`]): `rep movsq`/`rep stosq` for the words, `rep
//! movsb`/`rep stosb` for the tail, SMAP's `stac`/`clac` around them.
//!
//! A fault in a word loop resumes at a byte retry of what is left (`rcx` words + the tail), so
//! the count returned is exact to the byte. `stac`/`clac` are `#UD` on a CPU without SMAP:
//! [`init`] reads CPUID once and the routines skip them there.

use core::arch::global_asm;
use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

use super::super::extable::entry;

/// Whether the CPU has SMAP (CPUID.7.0:EBX bit 20), so `stac`/`clac` exist.
static SMAP: AtomicBool = AtomicBool::new(false);

/// Detects SMAP; called by [`super::init`]. Until then the routines do not open a window, so a
/// kernel with CR4.SMAP on must have called it before its first user copy.
pub fn init() {
    // CPUID leaf 7 exists on every x86_64 CPU that could run this kernel.
    let ebx = core::arch::x86_64::__cpuid_count(7, 0).ebx;
    SMAP.store(ebx & (1 << 20) != 0, Relaxed);
}

/// Whether the routines open SMAP windows with `stac`/`clac`.
pub fn smap() -> bool {
    SMAP.load(Relaxed)
}

unsafe extern "C" {
    fn __sysgate_x86_64_copy_user(dst: *mut u8, src: *const u8, len: usize) -> usize;
    fn __sysgate_x86_64_clear_user(dst: *mut u8, len: usize) -> usize;
    fn __sysgate_x86_64_strncpy_user(dst: *mut u8, src: *const u8, count: usize) -> isize;
}

global_asm!(
    ".pushsection .text.sysgate_uaccess, \"ax\"",
    // `sg_smap stac` / `sg_smap clac`: the instruction, if the CPU has SMAP.
    ".macro sg_smap insn",
    "cmp byte ptr [rip + {smap}], 0",
    "je 2f",
    "\\insn",
    "2:",
    ".endm",
    // copy_user(rdi = dst, rsi = src, rdx = len) -> rax = bytes not copied.
    ".balign 16",
    ".global __sysgate_x86_64_copy_user",
    "__sysgate_x86_64_copy_user:",
    "sg_smap stac",
    "mov rcx, rdx",
    "shr rcx, 3",
    "and edx, 7",
    ".Lsg_cu_words:",
    "rep movsq",
    "mov ecx, edx",
    ".Lsg_cu_tail:",
    "rep movsb",
    "jmp .Lsg_cu_out",
    ".Lsg_cu_words_fault:",
    "lea rcx, [rdx + rcx * 8]",
    ".Lsg_cu_retry:",
    "rep movsb",
    ".Lsg_cu_out:",
    "mov rax, rcx",
    "sg_smap clac",
    "ret",
    entry!(".Lsg_cu_words", ".Lsg_cu_words_fault"),
    entry!(".Lsg_cu_tail", ".Lsg_cu_out"),
    entry!(".Lsg_cu_retry", ".Lsg_cu_out"),
    // clear_user(rdi = dst, rsi = len) -> rax = bytes not zeroed.
    ".balign 16",
    ".global __sysgate_x86_64_clear_user",
    "__sysgate_x86_64_clear_user:",
    "sg_smap stac",
    "xor eax, eax",
    "mov rcx, rsi",
    "shr rcx, 3",
    "and esi, 7",
    ".Lsg_cl_words:",
    "rep stosq",
    "mov ecx, esi",
    ".Lsg_cl_tail:",
    "rep stosb",
    "jmp .Lsg_cl_out",
    ".Lsg_cl_words_fault:",
    "lea rcx, [rsi + rcx * 8]",
    ".Lsg_cl_retry:",
    "rep stosb",
    ".Lsg_cl_out:",
    "mov rax, rcx",
    "sg_smap clac",
    "ret",
    entry!(".Lsg_cl_words", ".Lsg_cl_words_fault"),
    entry!(".Lsg_cl_tail", ".Lsg_cl_out"),
    entry!(".Lsg_cl_retry", ".Lsg_cl_out"),
    // strncpy_user(rdi = dst, rsi = src, rdx = count) -> rax = length before the NUL (NUL
    // copied), `count` if none among `count` bytes, -EFAULT on a fault.
    ".balign 16",
    ".global __sysgate_x86_64_strncpy_user",
    "__sysgate_x86_64_strncpy_user:",
    "sg_smap stac",
    "xor eax, eax",
    "test rdx, rdx",
    "jz .Lsg_sn_out",
    ".Lsg_sn_loop:",
    ".Lsg_sn_load:",
    "movzx ecx, byte ptr [rsi + rax]",
    "mov byte ptr [rdi + rax], cl",
    "test cl, cl",
    "jz .Lsg_sn_out",
    "inc rax",
    "cmp rax, rdx",
    "jb .Lsg_sn_loop",
    "jmp .Lsg_sn_out",
    ".Lsg_sn_fault:",
    "mov rax, -14",
    ".Lsg_sn_out:",
    "sg_smap clac",
    "ret",
    entry!(".Lsg_sn_load", ".Lsg_sn_fault"),
    ".purgem sg_smap",
    ".popsection",
    smap = sym SMAP,
);

/// See [`crate::uaccess::copy_from_user`].
#[inline]
pub(crate) unsafe fn copy_from_user(dst: *mut u8, src: usize, len: usize) -> usize {
    // SAFETY: the routine follows the C ABI; the caller guarantees the ranges.
    unsafe { __sysgate_x86_64_copy_user(dst, src as *const u8, len) }
}

/// See [`crate::uaccess::copy_to_user`].
#[inline]
pub(crate) unsafe fn copy_to_user(dst: usize, src: *const u8, len: usize) -> usize {
    // SAFETY: as above.
    unsafe { __sysgate_x86_64_copy_user(dst as *mut u8, src, len) }
}

/// See [`crate::uaccess::clear_user`].
#[inline]
pub(crate) unsafe fn clear_user(dst: usize, len: usize) -> usize {
    // SAFETY: as above.
    unsafe { __sysgate_x86_64_clear_user(dst as *mut u8, len) }
}

/// The string's length, `count` without a NUL, or `-EFAULT`.
#[inline]
pub(crate) unsafe fn strncpy_from_user(dst: *mut u8, src: usize, count: usize) -> isize {
    // SAFETY: as above.
    unsafe { __sysgate_x86_64_strncpy_user(dst, src as *const u8, count) }
}

pub(crate) use super::super::extable::fixup;
