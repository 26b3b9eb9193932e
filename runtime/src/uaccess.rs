//! Fault-safe copies between kernel and user memory.
//!
//! [`UserPtr`](crate::UserPtr), [`UserSlice`](crate::UserSlice) and
//! [`UserCStr`](crate::UserCStr) reach user memory only through these functions. On bare metal
//! they are the architecture's routines (`arch/<arch>/uaccess.rs`):
//!
//! - every instruction that touches user memory has an entry in the exception table, a pair
//!   (faulting PC, fixup PC) in the linker section `__sysgate_extable`;
//! - the user-access window is open only around those instructions and closed on every way out,
//!   the fault path included: SMAP `stac`/`clac` on x86_64 (when the CPU has SMAP), `sstatus.SUM`
//!   on RISC-V; AArch64 uses the unprivileged `ldtr`/`sttr`, which check EL0 permissions, so
//!   PAN never has to be lifted;
//! - bulk copies move 8-byte words (x86_64 `rep movsq`, 32-byte unrolled loops on AArch64 and
//!   RISC-V); byte loops only at the edges.
//!
//! A fault in one of them reaches the kernel's fault handler. If the kernel can resolve it (a
//! demand-paged page, copy-on-write) it does so and returns: the copy goes on. If not, it calls
//! [`fixup_user_fault`], which moves the PC to the routine's fixup: the routine closes the
//! window and returns the number of bytes it did not copy. A fault at a PC outside the table is
//! not touched: a kernel bug stays a kernel bug.
//!
//! # Linker script
//! The kernel's linker script must give the table an output section of exactly this name, so
//! the linker defines `__start___sysgate_extable` and `__stop___sysgate_extable`:
//!
//! ```text
//! __sysgate_extable : { KEEP(*(__sysgate_extable)) }
//! ```
//!
//! # Hosted builds
//! On a host (tests, the hosted example) "user" memory is the process's own and nothing can
//! fault: the functions are plain copies and [`fixup_user_fault`] finds nothing.

use crate::Errno;
use crate::arch::user_access as arch;

/// Copies `dst.len()` bytes from user address `src`; returns how many bytes were *not* copied
/// (0 on success). The bytes copied are a prefix: `dst[..len - returned]`.
///
/// # Safety
/// `src..src + dst.len()` lies in the user range (it may be unmapped) and does not overlap `dst`.
#[inline]
pub unsafe fn copy_from_user(dst: &mut [u8], src: usize) -> usize {
    // SAFETY: forwarded; `dst` is valid kernel memory of that length.
    unsafe { arch::copy_from_user(dst.as_mut_ptr(), src, dst.len()) }
}

/// Copies `src` to user address `dst`; returns how many bytes were *not* copied (0 on
/// success). The bytes copied are a prefix of `src`.
///
/// # Safety
/// `dst..dst + src.len()` lies in the user range (it may be unmapped) and does not overlap `src`.
#[inline]
pub unsafe fn copy_to_user(dst: usize, src: &[u8]) -> usize {
    // SAFETY: forwarded; `src` is valid kernel memory of that length.
    unsafe { arch::copy_to_user(dst, src.as_ptr(), src.len()) }
}

/// Zeroes `len` bytes at user address `dst`; returns how many bytes were *not* zeroed.
///
/// # Safety
/// `dst..dst + len` lies in the user range (it may be unmapped).
#[inline]
pub unsafe fn clear_user(dst: usize, len: usize) -> usize {
    // SAFETY: forwarded.
    unsafe { arch::clear_user(dst, len) }
}

/// Copies the NUL-terminated string at user address `src` into `dst`, NUL included, reading
/// at most `dst.len()` bytes; returns its length without the NUL.
///
/// `ENAMETOOLONG` if no NUL is among the first `dst.len()` bytes, `EFAULT` if a byte before
/// the NUL cannot be read (the bytes before it are in `dst`).
///
/// # Safety
/// `src..src + dst.len()` lies in the user range (it may be unmapped).
#[inline]
pub unsafe fn strncpy_from_user(dst: &mut [u8], src: usize) -> Result<usize, Errno> {
    // SAFETY: forwarded; `dst` is valid kernel memory of that length.
    let n = unsafe { arch::strncpy_from_user(dst.as_mut_ptr(), src, dst.len()) };
    match usize::try_from(n) {
        Err(_) => Err(Errno::EFAULT),
        Ok(n) if n == dst.len() => Err(Errno::ENAMETOOLONG),
        Ok(n) => Ok(n),
    }
}

/// For the kernel's fault handler, after it failed to resolve a fault: if `*pc` is a
/// user-access instruction in the exception table, moves it to the instruction's fixup and
/// returns `true` (resume there, and the routine returns `EFAULT`'s partial count); otherwise
/// leaves it and returns `false`.
pub fn fixup_user_fault(pc: &mut usize) -> bool {
    match arch::fixup(*pc) {
        Some(fixup) => {
            *pc = fixup;
            true
        }
        None => false,
    }
}

/// Whether `pc` is a user-access instruction in the exception table (a fault there is the
/// copy's, not a bug in the code around it).
pub fn is_user_access(pc: usize) -> bool {
    arch::fixup(pc).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosted_copies_are_plain() {
        let src = *b"hello\0world";
        let mut dst = [0u8; 11];
        // SAFETY: both are valid buffers of this process.
        unsafe {
            assert_eq!(copy_from_user(&mut dst, src.as_ptr() as usize), 0);
            assert_eq!(dst, src);
            let mut out = [1u8; 4];
            assert_eq!(copy_to_user(out.as_mut_ptr() as usize, b"abcd"), 0);
            assert_eq!(&out, b"abcd");
            assert_eq!(clear_user(out.as_mut_ptr() as usize, 4), 0);
            assert_eq!(out, [0; 4]);
            let mut name = [0xffu8; 8];
            assert_eq!(strncpy_from_user(&mut name, src.as_ptr() as usize), Ok(5));
            assert_eq!(&name[..6], b"hello\0");
            let mut short = [0u8; 5];
            assert_eq!(
                strncpy_from_user(&mut short, src.as_ptr() as usize),
                Err(Errno::ENAMETOOLONG)
            );
        }
        let mut pc = 0x1234;
        assert!(!fixup_user_fault(&mut pc));
        assert_eq!(pc, 0x1234);
    }
}
