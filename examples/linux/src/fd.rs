//! The descriptor table: which node each descriptor is open on, and its offset.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use sysgate::Errno;

use crate::fs;

/// How many descriptors a process may hold.
pub const MAX_FDS: usize = 32;

/// Each slot: 0 closed, else `(node + 1) << 40 | offset`.
static FDS: [AtomicU64; MAX_FDS] = [const { AtomicU64::new(0) }; MAX_FDS];

const OFFSET_BITS: u32 = 40;

/// An open descriptor.
#[derive(Clone, Copy, Debug)]
pub struct Open {
    /// The node it is open on.
    pub node: usize,
    /// The read position (a byte offset, or an entry index for a directory).
    pub offset: u64,
}

/// Closes every descriptor and opens 0, 1 and 2 on the console.
pub fn reset() {
    for (fd, slot) in FDS.iter().enumerate() {
        slot.store(if fd < 3 { encode(fs::CONSOLE, 0) } else { 0 }, Relaxed);
    }
}

fn encode(node: usize, offset: u64) -> u64 {
    ((node as u64 + 1) << OFFSET_BITS) | offset
}

/// The descriptor `fd`, or `EBADF`.
pub fn get(fd: i32) -> Result<Open, Errno> {
    let slot = usize::try_from(fd)
        .ok()
        .and_then(|i| FDS.get(i))
        .ok_or(Errno::EBADF)?;
    match slot.load(Relaxed) {
        0 => Err(Errno::EBADF),
        v => Ok(Open {
            node: (v >> OFFSET_BITS) as usize - 1,
            offset: v & ((1 << OFFSET_BITS) - 1),
        }),
    }
}

/// Moves `fd`'s position to `offset`.
pub fn seek(fd: i32, offset: u64) -> Result<(), Errno> {
    let open = get(fd)?;
    if offset >= 1 << OFFSET_BITS {
        return Err(Errno::EINVAL);
    }
    FDS[fd as usize].store(encode(open.node, offset), Relaxed);
    Ok(())
}

/// Opens `node` on the lowest free descriptor.
pub fn open(node: usize) -> Result<i32, Errno> {
    for (fd, slot) in FDS.iter().enumerate() {
        if slot
            .compare_exchange(0, encode(node, 0), Relaxed, Relaxed)
            .is_ok()
        {
            return Ok(fd as i32);
        }
    }
    Err(Errno::EMFILE)
}

/// Opens a copy of `open` (node and position) on the lowest free descriptor at or above
/// `min`.
pub fn dup_at_least(open: Open, min: usize) -> Result<i32, Errno> {
    let value = encode(open.node, open.offset);
    for (fd, slot) in FDS.iter().enumerate().skip(min) {
        if slot.compare_exchange(0, value, Relaxed, Relaxed).is_ok() {
            return Ok(fd as i32);
        }
    }
    Err(if min >= MAX_FDS {
        Errno::EINVAL
    } else {
        Errno::EMFILE
    })
}

/// Closes `fd`.
pub fn close(fd: i32) -> Result<(), Errno> {
    get(fd)?;
    FDS[fd as usize].store(0, Relaxed);
    Ok(())
}
