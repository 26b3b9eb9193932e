//! A handler set declared in a crate of its own, as a kernel's subsystems would be.
//!
//! A binary that uses these handlers must name this crate (`use sysgate_test_handlers as _;`):
//! a crate nothing references is not linked, and its handlers would be missing.
#![no_std]

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use sysgate::{Errno, UserPtrMut, UserSlice, UserSliceMut, syscall};

/// The bytes `read` from descriptor 0 yields.
pub const INPUT: &[u8] = b"hello from sysgate";

/// Bytes accepted by `write` so far.
pub static WRITTEN: AtomicUsize = AtomicUsize::new(0);

/// The largest allocation `mmap` grants, in bytes.
pub const MAX_ALLOC: usize = 1 << 30;

/// How `lseek` interprets its offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whence {
    /// From the start.
    Set,
    /// From the current position.
    Cur,
    /// From the end.
    End,
}

impl TryFrom<usize> for Whence {
    type Error = ();
    fn try_from(v: usize) -> Result<Self, ()> {
        match v {
            0 => Ok(Whence::Set),
            1 => Ok(Whence::Cur),
            2 => Ok(Whence::End),
            _ => Err(()),
        }
    }
}
impl From<Whence> for usize {
    fn from(w: Whence) -> usize {
        w as usize
    }
}
sysgate::impl_syscall_arg!(Whence);

/// A file-system error of the handler set, mapped onto errno.
#[derive(Debug)]
pub enum FsError {
    /// The descriptor is not open.
    NotOpen,
    /// The descriptor is open but not for this operation.
    WrongMode,
}

impl From<FsError> for Errno {
    fn from(e: FsError) -> Errno {
        match e {
            FsError::NotOpen => Errno::EBADF,
            FsError::WrongMode => Errno::EACCES,
        }
    }
}

/// Read bytes from an open file.
#[syscall(nr = 0, category = "file", recovery = "retry")]
fn read(fd: u32, buf: UserSliceMut<u8>) -> Result<usize, FsError> {
    match fd {
        0 => Ok(buf.write_from(INPUT).unwrap_or(0)),
        1 | 2 => Err(FsError::WrongMode),
        _ => Err(FsError::NotOpen),
    }
}

/// Write bytes to an open file.
#[syscall(nr = 1, category = "file")]
fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
    if fd != 1 && fd != 2 {
        return Err(Errno::EBADF);
    }
    let mut chunk = [0u8; 64];
    let mut done = 0;
    while done < buf.len() {
        let part = UserSlice::<u8>::new(buf.addr() + done, (buf.len() - done).min(chunk.len()))?;
        done += part.read_into(&mut chunk)?;
    }
    WRITTEN.fetch_add(done, Relaxed);
    Ok(done)
}

/// Reposition a file offset.
#[syscall(nr = 8, category = "file")]
fn lseek(fd: u32, offset: i64, whence: Whence) -> Result<i64, Errno> {
    if fd > 2 {
        return Err(Errno::EBADF);
    }
    match whence {
        Whence::Set if offset < 0 => Err(Errno::EINVAL),
        Whence::Set => Ok(offset),
        Whence::Cur | Whence::End => Ok(offset.saturating_add(100)),
    }
}

/// Map anonymous memory; fails with ENOMEM above 1 GiB.
#[syscall(nr = 9, category = "memory", name = "mmap")]
fn map_anonymous(len: usize) -> Result<usize, Errno> {
    match len {
        0 => Err(Errno::EINVAL),
        n if n > MAX_ALLOC => Err(Errno::ENOMEM),
        n => Ok(0x7000_0000_0000 - n.next_multiple_of(4096)),
    }
}

/// Store a value through a user pointer.
#[syscall(nr = 13, category = "memory")]
fn poke(dst: UserPtrMut<u64>, value: u64) -> Result<(), Errno> {
    dst.write(value)
}

/// Create a pipe.
#[syscall(nr = 22, category = "ipc")]
fn pipe() -> Result<u32, Errno> {
    Err(Errno::EMFILE)
}

/// Send a datagram.
#[syscall(nr = 44, category = "network")]
fn sendto(fd: u32, buf: UserSlice<u8>, flags: u32) -> Result<usize, Errno> {
    let _ = flags;
    if fd < 3 {
        return Err(Errno::ENOTSOCK);
    }
    Ok(buf.len())
}

/// The caller's process id.
#[syscall(nr = 39, category = "process")]
fn getpid() -> u64 {
    42
}

/// End the calling process.
#[syscall(nr = 60, category = "process")]
fn exit(code: i32) {
    let _ = code;
}

/// Seconds since the epoch.
#[syscall(nr = 201, category = "time", fast)]
fn time() -> u64 {
    1_700_000_000
}

/// Control a device.
#[syscall(nr = 16, category = "device")]
fn ioctl(fd: u32, request: u32, enable: bool) -> Result<u32, Errno> {
    match (fd, request) {
        (0..=2, 0x5401) => Ok(u32::from(enable)),
        (0..=2, _) => Err(Errno::ENOTTY),
        _ => Err(Errno::EBADF),
    }
}

/// Describe the system.
#[syscall(nr = 63, category = "system", hot)]
fn uname(buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    buf.write_from(b"sysgate")
}

/// Change the owner of the caller; only root may.
#[syscall(nr = 105, category = "security")]
fn setuid(uid: u32) -> Result<(), Errno> {
    if uid == 0 { Ok(()) } else { Err(Errno::EPERM) }
}

/// Add six numbers: exercises every argument register.
#[syscall(nr = 300, category = "system")]
fn sum6(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64) -> Result<u64, Errno> {
    [b, c, d, e, f]
        .into_iter()
        .try_fold(a, u64::checked_add)
        .ok_or(Errno::EOVERFLOW)
}
