//! Descriptors and files: read, write, open, stat, directory listing, links, `ioctl`.

use sysgate::{Errno, UserSlice, UserSliceMut, syscall};

use crate::args::{InBytes, OpenFlags, PATH_MAX, Path, UserAddr};
use crate::fs::{self, Kind, Miss};
use crate::{arch, fd, host};

/// `openat`'s directory argument meaning the working directory (always `/`).
pub(crate) const AT_FDCWD: i32 = -100;
/// `newfstatat` flag: an empty path names `dirfd` itself.
const AT_EMPTY_PATH: u32 = 0x1000;
const O_ACCMODE: u32 = 0o3;
const O_CREAT: u32 = 0o100;
const O_DIRECTORY: u32 = arch::O_DIRECTORY;

/// What `stat` reports about a node, before the architecture lays it out.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stat {
    /// Inode number.
    pub ino: u64,
    /// Type and permission bits.
    pub mode: u32,
    /// Link count.
    pub nlink: u32,
    /// Device number of a device node.
    pub rdev: u64,
    /// Size in bytes.
    pub size: u64,
    /// Modification (and access, change) time.
    pub mtime: u64,
}

fn stat_of(node: usize) -> Stat {
    let (mode, size, rdev) = match fs::TREE[node].kind {
        Kind::Dir => (0o040_755, 4096, 0),
        Kind::File(bytes) => (0o100_644, bytes.len() as u64, 0),
        Kind::Program => (0o100_755, 0, 0),
        Kind::Link(to) => (0o120_777, to.len() as u64, 0),
        Kind::Console => (0o020_620, 0, (5 << 8) | 1),
        Kind::Null => (0o020_666, 0, (1 << 8) | 3),
    };
    let nlink = if matches!(fs::TREE[node].kind, Kind::Dir) {
        2 + fs::children(node)
            .filter(|&c| matches!(fs::TREE[c].kind, Kind::Dir))
            .count() as u32
    } else {
        1
    };
    Stat {
        ino: node as u64 + 1,
        mode,
        nlink,
        rdev,
        size,
        mtime: fs::MTIME,
    }
}

/// The directory `dirfd` names for a relative path (`AT_FDCWD`: the root).
fn base(dirfd: i32) -> Result<usize, Errno> {
    if dirfd == AT_FDCWD {
        Ok(0)
    } else {
        Ok(fd::get(dirfd)?.node)
    }
}

/// Resolves `path` relative to `dirfd`, following symbolic links if `follow`.
fn resolve(dirfd: i32, path: &Path, follow: bool) -> Result<usize, Errno> {
    let mut raw = [0; PATH_MAX];
    let path = path.read(&mut raw)?;
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    let mut buf = [0; PATH_MAX];
    let abs = fs::normalise(base(dirfd)?, path, &mut buf).map_err(|m| match m {
        Miss::TooLong => Errno::ENAMETOOLONG,
        Miss::NotDir => Errno::ENOTDIR,
    })?;
    let node = fs::lookup(abs).ok_or(Errno::ENOENT)?;
    match fs::TREE[node].kind {
        Kind::Link(to) if follow => {
            let mut again = [0; PATH_MAX];
            let target = fs::normalise(fs::parent(node), to.as_bytes(), &mut again)
                .map_err(|_| Errno::ENOENT)?;
            fs::lookup(target).ok_or(Errno::ENOENT)
        }
        _ => Ok(node),
    }
}

/// Read from a descriptor: a file's bytes from its position; the console and `/dev/null`
/// are at end of file.
#[syscall(table = crate::LINUX, nr(x86_64 = 0, aarch64 = 63, riscv64 = 63), category = "file")]
fn read(fd: i32, buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    let open = fd::get(fd)?;
    match fs::TREE[open.node].kind {
        Kind::File(bytes) => {
            let at = (open.offset as usize).min(bytes.len());
            let n = buf.write_from(&bytes[at..])?;
            fd::seek(fd, (at + n) as u64)?;
            Ok(n)
        }
        Kind::Dir => Err(Errno::EISDIR),
        Kind::Link(_) => Err(Errno::EINVAL),
        Kind::Program | Kind::Console | Kind::Null => Ok(0),
    }
}

/// Writes `buf` to the console (the program's output) or `/dev/null`.
fn write_node(fd: i32, node: usize, buf: UserSlice<u8>) -> Result<usize, Errno> {
    match fs::TREE[node].kind {
        Kind::Console => {}
        Kind::Null => return Ok(buf.len()),
        _ => return Err(Errno::EBADF),
    }
    let mut chunk = [0u8; 256];
    let mut done = 0;
    while done < buf.len() {
        let part = UserSlice::<u8>::new(buf.addr() + done, (buf.len() - done).min(chunk.len()))?;
        let n = match part.read_into(&mut chunk) {
            Ok(n) => n,
            Err(e) if done == 0 => return Err(e),
            Err(_) => break,
        };
        host::write_output(if fd == 2 { 2 } else { 1 }, &chunk[..n]);
        done += n;
        if n < part.len() {
            break;
        }
    }
    Ok(done)
}

/// Write to a descriptor: the console is the program's standard output (2: standard error).
#[syscall(table = crate::LINUX, nr(x86_64 = 1, aarch64 = 64, riscv64 = 64), category = "file")]
fn write(fd: i32, buf: InBytes) -> Result<usize, Errno> {
    write_node(fd, fd::get(fd)?.node, buf.0)
}

/// Write the buffers of an `iovec` array in order.
#[syscall(table = crate::LINUX, nr(x86_64 = 20, aarch64 = 66, riscv64 = 66), category = "file")]
fn writev(fd: i32, iov: UserAddr, iovcnt: i32) -> Result<usize, Errno> {
    let node = fd::get(fd)?.node;
    let count = usize::try_from(iovcnt).map_err(|_| Errno::EINVAL)?;
    if count > 1024 {
        return Err(Errno::EINVAL);
    }
    let vecs = UserSlice::<u64>::new(iov.0, count * 2)?;
    let mut done = 0;
    for i in 0..count {
        let mut pair = [0u64; 2];
        UserSlice::<u64>::new(vecs.addr() + i * 16, 2)?.read_into(&mut pair)?;
        let buf = UserSlice::<u8>::new(pair[0] as usize, pair[1] as usize)?;
        let n = write_node(fd, node, buf)?;
        done += n;
        if n < buf.len() {
            break;
        }
    }
    Ok(done)
}

/// Open a file or directory of the read-only tree.
#[syscall(table = crate::LINUX, nr(x86_64 = 257, aarch64 = 56, riscv64 = 56), category = "file")]
fn openat(dirfd: i32, path: Path, flags: OpenFlags, mode: u32) -> Result<i32, Errno> {
    let _ = mode;
    let flags = flags.0;
    let node = match resolve(dirfd, &path, true) {
        Err(Errno::ENOENT) if flags & O_CREAT != 0 => return Err(Errno::EROFS),
        other => other?,
    };
    let kind = fs::TREE[node].kind;
    if flags & O_DIRECTORY != 0 && kind != Kind::Dir {
        return Err(Errno::ENOTDIR);
    }
    if flags & O_ACCMODE != 0 && !matches!(kind, Kind::Console | Kind::Null) {
        return Err(if kind == Kind::Dir {
            Errno::EISDIR
        } else {
            Errno::EROFS
        });
    }
    fd::open(node)
}

/// Close a descriptor.
#[syscall(table = crate::LINUX, nr(x86_64 = 3, aarch64 = 57, riscv64 = 57), category = "file")]
fn close(fd: i32) -> Result<(), Errno> {
    fd::close(fd)
}

/// Move a file's read position.
#[syscall(table = crate::LINUX, nr(x86_64 = 8, aarch64 = 62, riscv64 = 62), category = "file")]
fn lseek(fd: i32, offset: i64, whence: u32) -> Result<u64, Errno> {
    let open = fd::get(fd)?;
    let size = match fs::TREE[open.node].kind {
        Kind::File(bytes) => bytes.len() as i64,
        Kind::Console => return Err(Errno::ESPIPE),
        _ => 0,
    };
    let from = match whence {
        0 => 0,
        1 => open.offset as i64,
        2 => size,
        _ => return Err(Errno::EINVAL),
    };
    let to = u64::try_from(from + offset).map_err(|_| Errno::EINVAL)?;
    fd::seek(fd, to)?;
    Ok(to)
}

/// Status of an open descriptor.
#[syscall(table = crate::LINUX, nr(x86_64 = 5, aarch64 = 80, riscv64 = 80), category = "file")]
fn fstat(fd: i32, statbuf: UserAddr) -> Result<(), Errno> {
    arch::write_stat(statbuf, &stat_of(fd::get(fd)?.node))
}

/// Status of a path (`AT_EMPTY_PATH`: of `dirfd` itself); `AT_SYMLINK_NOFOLLOW` stats a link.
#[syscall(table = crate::LINUX, nr(x86_64 = 262, aarch64 = 79, riscv64 = 79), category = "file")]
fn newfstatat(dirfd: i32, path: Path, statbuf: UserAddr, flags: u32) -> Result<(), Errno> {
    const AT_SYMLINK_NOFOLLOW: u32 = 0x100;
    let mut probe = [0; PATH_MAX];
    let node = if flags & AT_EMPTY_PATH != 0 && path.read(&mut probe)?.is_empty() {
        if dirfd == AT_FDCWD {
            0
        } else {
            fd::get(dirfd)?.node
        }
    } else {
        resolve(dirfd, &path, flags & AT_SYMLINK_NOFOLLOW == 0)?
    };
    arch::write_stat(statbuf, &stat_of(node))
}

/// Directory entries (`linux_dirent64`) from a directory's position on.
#[syscall(table = crate::LINUX, nr(x86_64 = 217, aarch64 = 61, riscv64 = 61), category = "file")]
fn getdents64(fd: i32, dirp: UserAddr, count: u32) -> Result<usize, Errno> {
    let open = fd::get(fd)?;
    if fs::TREE[open.node].kind != Kind::Dir {
        return Err(Errno::ENOTDIR);
    }
    let dir = open.node;
    let entries = [dir, fs::parent(dir)].into_iter().chain(fs::children(dir));
    let mut written = 0usize;
    let mut index = open.offset as usize;
    for (i, node) in entries.enumerate().skip(index) {
        let name = match i {
            0 => ".",
            1 => "..",
            _ => fs::name(node),
        };
        let reclen = (19 + name.len() + 1).next_multiple_of(8);
        if written + reclen > count as usize {
            break;
        }
        let d_type: u8 = match fs::TREE[node].kind {
            Kind::Dir => 4,
            Kind::File(_) | Kind::Program => 8,
            Kind::Link(_) => 10,
            Kind::Console | Kind::Null => 2,
        };
        let mut rec = [0u8; 19 + PATH_MAX + 8];
        rec[0..8].copy_from_slice(&(node as u64 + 1).to_le_bytes());
        rec[8..16].copy_from_slice(&(i as u64 + 1).to_le_bytes());
        rec[16..18].copy_from_slice(&(reclen as u16).to_le_bytes());
        rec[18] = d_type;
        rec[19..19 + name.len()].copy_from_slice(name.as_bytes());
        UserAddr(dirp.0 + written).write(&rec[..reclen])?;
        written += reclen;
        index = i + 1;
    }
    if written == 0 && index < 2 + fs::children(dir).count() {
        return Err(Errno::EINVAL);
    }
    fd::seek(fd, index as u64)?;
    Ok(written)
}

/// The target of a symbolic link (`/proc/self/exe` is `/bin/busybox`).
#[syscall(table = crate::LINUX, nr(x86_64 = 267, aarch64 = 78, riscv64 = 78), category = "file")]
fn readlinkat(dirfd: i32, path: Path, buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    read_link(dirfd, &path, &buf)
}

/// `readlinkat`'s work, shared with x86_64's `readlink`.
pub(crate) fn read_link(dirfd: i32, path: &Path, buf: &UserSliceMut<u8>) -> Result<usize, Errno> {
    match fs::TREE[resolve(dirfd, path, false)?].kind {
        Kind::Link(to) => buf.write_from(to.as_bytes()),
        _ => Err(Errno::EINVAL),
    }
}

/// The working directory: always `/`.
#[syscall(table = crate::LINUX, nr(x86_64 = 79, aarch64 = 17, riscv64 = 17), category = "file")]
fn getcwd(buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    if buf.len() < 2 {
        return Err(Errno::ERANGE);
    }
    buf.write_from(b"/\0")
}

/// Device control: no descriptor is a terminal (`TCGETS`, `TIOCGWINSZ`: `ENOTTY`).
#[syscall(table = crate::LINUX, nr(x86_64 = 16, aarch64 = 29, riscv64 = 29), category = "device")]
fn ioctl(fd: i32, request: u32, arg: UserAddr) -> Result<(), Errno> {
    let _ = (request, arg);
    fd::get(fd)?;
    Err(Errno::ENOTTY)
}

/// Descriptor flags and status: `F_GETFL` reads the access mode (the console is read/write);
/// `F_SETFL`, `F_GETFD` and `F_SETFD` are accepted; `F_DUPFD` duplicates onto the lowest free
/// descriptor at or above `arg`.
#[syscall(table = crate::LINUX, nr(x86_64 = 72, aarch64 = 25, riscv64 = 25), category = "file")]
fn fcntl(fd: i32, cmd: u32, arg: usize) -> Result<usize, Errno> {
    const F_DUPFD: u32 = 0;
    const F_GETFD: u32 = 1;
    const F_SETFD: u32 = 2;
    const F_GETFL: u32 = 3;
    const F_SETFL: u32 = 4;
    const F_DUPFD_CLOEXEC: u32 = 1030;
    const O_RDWR: usize = 2;
    let open = fd::get(fd)?;
    match cmd {
        F_GETFL => Ok(match fs::TREE[open.node].kind {
            Kind::Console | Kind::Null => O_RDWR,
            _ => 0,
        }),
        F_GETFD | F_SETFD | F_SETFL => Ok(0),
        F_DUPFD | F_DUPFD_CLOEXEC => fd::dup_at_least(open, arg).map(|n| n as usize),
        _ => Err(Errno::EINVAL),
    }
}
