//! x86_64: its own `struct stat`, `arch_prctl` for the TLS base, `time`.

use sysgate::{Errno, UserSliceMut, syscall};

use crate::args::{Path, UserAddr};
use crate::files::Stat;

/// `uname`'s machine field.
pub const MACHINE: &str = "x86_64";
/// `O_DIRECTORY` on x86_64.
pub const O_DIRECTORY: u32 = 0o200000;
/// `struct sigaction` as the kernel sees it: handler, flags, restorer, mask.
pub const SIGACTION_SIZE: usize = 32;

/// Writes x86_64's 144-byte `struct stat`.
pub fn write_stat(to: UserAddr, s: &Stat) -> Result<(), Errno> {
    let mut b = [0u8; 144];
    let mut put = |at: usize, bytes: &[u8]| b[at..at + bytes.len()].copy_from_slice(bytes);
    put(8, &s.ino.to_le_bytes());
    put(16, &u64::from(s.nlink).to_le_bytes());
    put(24, &s.mode.to_le_bytes());
    put(40, &s.rdev.to_le_bytes());
    put(48, &s.size.to_le_bytes());
    put(56, &4096u64.to_le_bytes());
    put(64, &s.size.div_ceil(512).to_le_bytes());
    for at in [72, 88, 104] {
        put(at, &s.mtime.to_le_bytes());
    }
    to.write(&b)
}

/// `arch_prctl` code: set the FS base (the TLS pointer).
const ARCH_SET_FS: u32 = 0x1002;
/// `arch_prctl` code: read the FS base.
const ARCH_GET_FS: u32 = 0x1003;

/// Set or get the thread's FS base, which glibc points at its thread control block.
#[syscall(table = crate::LINUX, nr(x86_64 = 158), category = "process")]
fn arch_prctl(code: u32, addr: UserAddr) -> Result<(), Errno> {
    use x86_64::VirtAddr;
    use x86_64::registers::model_specific::FsBase;
    match code {
        ARCH_SET_FS => {
            let base = VirtAddr::try_new(addr.0 as u64).map_err(|_| Errno::EPERM)?;
            FsBase::write(base);
            Ok(())
        }
        ARCH_GET_FS => addr.write(&FsBase::read().as_u64().to_le_bytes()),
        _ => Err(Errno::EINVAL),
    }
}

/// The target of a symbolic link, relative to the working directory (x86_64 keeps this
/// older form of `readlinkat`).
#[syscall(table = crate::LINUX, nr(x86_64 = 89), category = "file")]
fn readlink(path: Path, buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    crate::files::read_link(crate::files::AT_FDCWD, &path, &buf)
}

/// Seconds since the epoch (also stored at `tloc` unless it is `NULL`).
#[syscall(table = crate::LINUX, nr(x86_64 = 201), category = "time")]
fn time(tloc: UserAddr) -> Result<u64, Errno> {
    let (sec, _) = crate::time::now(0);
    if !tloc.is_null() {
        tloc.write(&sec.to_le_bytes())?;
    }
    Ok(sec)
}

/// Linux calls this personality leaves to `ENOSYS` that glibc and busybox are known to make,
/// by number, for the report.
pub const UNHANDLED: &[(usize, &str)] = &[
    (33, "dup2"),
    (40, "sendfile"),
    (56, "clone"),
    (57, "fork"),
    (59, "execve"),
    (61, "wait4"),
    (157, "prctl"),
    (273, "set_robust_list"),
    (292, "dup3"),
    (293, "pipe2"),
    (302, "prlimit64"),
    (318, "getrandom"),
    (334, "rseq"),
];
