//! Reading `/chosen/bootargs` (the kernel command line) from a flattened device tree.

/// The device tree's magic number (big-endian in memory).
const MAGIC: u32 = 0xd00d_feed;
const BEGIN_NODE: u32 = 1;
const END_NODE: u32 = 2;
const PROP: u32 = 3;
const NOP: u32 = 4;

/// The value of the `bootargs` property of the tree at `addr`, without its NUL.
///
/// # Safety
/// `addr` must be 0 or the address of a device tree in identity-mapped memory that stays
/// unchanged while the result is used.
pub unsafe fn bootargs(addr: usize) -> Option<&'static [u8]> {
    if addr == 0 {
        return None;
    }
    // SAFETY: the caller passes a device tree; its header is 40 bytes.
    let header = unsafe { core::slice::from_raw_parts(addr as *const u8, 40) };
    let be = |b: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    if be(header, 0)? != MAGIC {
        return None;
    }
    let size = be(header, 4)? as usize;
    // SAFETY: the header gives the tree's size.
    let tree = unsafe { core::slice::from_raw_parts(addr as *const u8, size) };
    let structs = be(tree, 8)? as usize;
    let strings = be(tree, 12)? as usize;
    let mut at = structs;
    loop {
        match be(tree, at)? {
            BEGIN_NODE => {
                let name = tree.get(at + 4..)?;
                let len = name.iter().position(|&b| b == 0)?;
                at += 4 + (len + 1).next_multiple_of(4);
            }
            END_NODE | NOP => at += 4,
            PROP => {
                let len = be(tree, at + 4)? as usize;
                let name_at = strings + be(tree, at + 8)? as usize;
                let name = tree.get(name_at..)?;
                let value = tree.get(at + 12..at + 12 + len)?;
                if name.starts_with(b"bootargs\0") {
                    return Some(value.strip_suffix(&[0]).unwrap_or(value));
                }
                at += 12 + len.next_multiple_of(4);
            }
            _ => return None,
        }
    }
}
