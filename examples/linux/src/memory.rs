//! The process's memory: the program break and anonymous mappings, inside one window of user
//! memory the kernel maps before the program starts.

use core::ops::Range;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use sysgate::{Errno, UserPtr, syscall};

use crate::args::{MapFlags, Prot, UserAddr};

const PAGE: usize = 4096;

/// Where the process's memory lies.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The break's range: from the end of the program's last segment up to the lowest address
    /// anonymous mappings may take.
    pub brk: Range<usize>,
    /// The highest address anonymous mappings may end at (below the stack).
    pub mmap_top: usize,
    /// All of the process's memory: `MAP_FIXED` and `mprotect` must stay inside it.
    pub window: Range<usize>,
}

static BRK_START: AtomicUsize = AtomicUsize::new(0);
static BRK: AtomicUsize = AtomicUsize::new(0);
/// The lowest address handed out to a mapping so far: the break may not grow past it.
static MMAP_LOW: AtomicUsize = AtomicUsize::new(0);
static WINDOW_START: AtomicUsize = AtomicUsize::new(0);
static WINDOW_END: AtomicUsize = AtomicUsize::new(0);

/// Records `layout` for a new process.
pub fn set_layout(layout: Layout) {
    BRK_START.store(layout.brk.start, Relaxed);
    BRK.store(layout.brk.start, Relaxed);
    MMAP_LOW.store(layout.mmap_top.min(layout.window.end), Relaxed);
    WINDOW_START.store(layout.window.start, Relaxed);
    WINDOW_END.store(layout.window.end, Relaxed);
}

fn in_window(addr: usize, len: usize) -> bool {
    addr >= WINDOW_START.load(Relaxed)
        && addr
            .checked_add(len)
            .is_some_and(|end| end <= WINDOW_END.load(Relaxed))
}

/// Zeroes `len` bytes of user memory at `addr`.
fn zero(addr: usize, len: usize) -> Result<(), Errno> {
    // SAFETY: callers pass a range inside the process's window, which is user memory.
    match unsafe { sysgate::uaccess::clear_user(addr, len) } {
        0 => Ok(()),
        _ => Err(Errno::EFAULT),
    }
}

/// Move the program break; an address out of range leaves it and returns the current one.
#[syscall(table = crate::LINUX, nr(x86_64 = 12, aarch64 = 214, riscv64 = 214), category = "memory")]
fn brk(addr: UserAddr) -> Result<UserPtr<u8>, Errno> {
    let current = BRK.load(Relaxed);
    let want = addr.0;
    let keep = want < BRK_START.load(Relaxed)
        || want > MMAP_LOW.load(Relaxed)
        || (want > current && zero(current, want - current).is_err());
    if keep {
        return UserPtr::new(current);
    }
    BRK.store(want, Relaxed);
    UserPtr::new(want)
}

/// Map anonymous memory (zeroed), below the last mapping or at a fixed address in the window.
#[syscall(table = crate::LINUX, nr(x86_64 = 9, aarch64 = 222, riscv64 = 222), category = "memory")]
fn mmap(
    addr: UserAddr,
    len: usize,
    prot: Prot,
    flags: MapFlags,
    fd: i32,
    offset: u64,
) -> Result<UserPtr<u8>, Errno> {
    let flags = flags.0;
    const MAP_FIXED: u32 = 0x10;
    const MAP_ANONYMOUS: u32 = 0x20;
    let _ = (prot, fd, offset);
    if flags & MAP_ANONYMOUS == 0 {
        return Err(Errno::ENODEV);
    }
    let len = len.checked_next_multiple_of(PAGE).ok_or(Errno::ENOMEM)?;
    if len == 0 {
        return Err(Errno::EINVAL);
    }
    if flags & MAP_FIXED != 0 {
        if !addr.0.is_multiple_of(PAGE) || !in_window(addr.0, len) {
            return Err(Errno::EINVAL);
        }
        zero(addr.0, len)?;
        return UserPtr::new(addr.0);
    }
    let brk = BRK.load(Relaxed);
    let start = MMAP_LOW
        .fetch_update(Relaxed, Relaxed, |low| {
            low.checked_sub(len).filter(|&s| s >= brk)
        })
        .map_err(|_| Errno::ENOMEM)?
        - len;
    zero(start, len)?;
    UserPtr::new(start)
}

/// Unmap memory: accepted; the pages stay with the process.
#[syscall(table = crate::LINUX, nr(x86_64 = 11, aarch64 = 215, riscv64 = 215), category = "memory")]
fn munmap(addr: UserAddr, len: usize) -> Result<(), Errno> {
    if !addr.0.is_multiple_of(PAGE) || len == 0 {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// Change protection: accepted for memory of the process (every page stays readable,
/// writable and executable).
#[syscall(table = crate::LINUX, nr(x86_64 = 10, aarch64 = 226, riscv64 = 226), category = "memory")]
fn mprotect(addr: UserAddr, len: usize, prot: Prot) -> Result<(), Errno> {
    let _ = prot;
    if !addr.0.is_multiple_of(PAGE) {
        return Err(Errno::EINVAL);
    }
    if !in_window(addr.0, len) {
        return Err(Errno::ENOMEM);
    }
    Ok(())
}
