//! AArch64 and RISC-V share Linux's asm-generic ABI: its `struct stat`, `O_DIRECTORY`.

use sysgate::Errno;

use crate::args::UserAddr;
use crate::files::Stat;

/// `O_DIRECTORY` in asm-generic (AArch64 overrides it).
#[cfg(target_arch = "aarch64")]
pub const O_DIRECTORY: u32 = 0o40000;
/// `O_DIRECTORY` in asm-generic.
#[cfg(not(target_arch = "aarch64"))]
pub const O_DIRECTORY: u32 = 0o200000;

/// `struct sigaction` as the kernel sees it (AArch64 has `sa_restorer`, RISC-V has not).
#[cfg(target_arch = "aarch64")]
pub const SIGACTION_SIZE: usize = 32;
/// `struct sigaction` as the kernel sees it (AArch64 has `sa_restorer`, RISC-V has not).
#[cfg(not(target_arch = "aarch64"))]
pub const SIGACTION_SIZE: usize = 24;

/// Writes asm-generic's 128-byte `struct stat`.
pub fn write_stat(to: UserAddr, s: &Stat) -> Result<(), Errno> {
    let mut b = [0u8; 128];
    let mut put = |at: usize, bytes: &[u8]| b[at..at + bytes.len()].copy_from_slice(bytes);
    put(8, &s.ino.to_le_bytes());
    put(16, &s.mode.to_le_bytes());
    put(20, &s.nlink.to_le_bytes());
    put(32, &s.rdev.to_le_bytes());
    put(48, &s.size.to_le_bytes());
    put(56, &4096u32.to_le_bytes());
    put(64, &s.size.div_ceil(512).to_le_bytes());
    for at in [72, 88, 104] {
        put(at, &s.mtime.to_le_bytes());
    }
    to.write(&b)
}

/// Linux calls this personality leaves to `ENOSYS` that glibc and busybox are known to make,
/// by number, for the report.
pub const UNHANDLED: &[(usize, &str)] = &[
    (23, "dup"),
    (24, "dup3"),
    (59, "pipe2"),
    (71, "sendfile"),
    (99, "set_robust_list"),
    (167, "prctl"),
    (220, "clone"),
    (221, "execve"),
    (258, "riscv_hwprobe"),
    (260, "wait4"),
    (261, "prlimit64"),
    (278, "getrandom"),
    (293, "rseq"),
];
