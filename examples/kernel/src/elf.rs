//! A small ELF64 loader: copies the `PT_LOAD` segments of a static executable into user memory.

use core::fmt;
use core::ops::Range;

/// A loaded program.
pub struct Loaded {
    /// Entry point.
    pub entry: usize,
    /// Highest address used by a segment (exclusive).
    pub end: usize,
    /// Where the program headers are in memory (0 if no segment maps them): `AT_PHDR`.
    pub phdr: usize,
    /// The size of one program header: `AT_PHENT`.
    pub phent: usize,
    /// The number of program headers: `AT_PHNUM`.
    pub phnum: usize,
}

/// Why an image could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// Not a little-endian ELF64 executable.
    NotElf,
    /// A header or segment lies outside the image.
    Truncated,
    /// A segment or the entry lies outside user memory.
    OutsideUser(usize),
    /// Writing a segment into user memory faulted at this address.
    Fault(usize),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotElf => f.write_str("not a little-endian ELF64 executable"),
            LoadError::Truncated => f.write_str("truncated image"),
            LoadError::OutsideUser(a) => write!(f, "address {a:#x} outside user memory"),
            LoadError::Fault(a) => write!(f, "fault writing user memory at {a:#x}"),
        }
    }
}

const PT_LOAD: u32 = 1;
const ET_EXEC: u16 = 2;

fn read<const N: usize>(image: &[u8], at: usize) -> Result<[u8; N], LoadError> {
    image
        .get(at..at + N)
        .and_then(|b| b.try_into().ok())
        .ok_or(LoadError::Truncated)
}

fn u16_at(image: &[u8], at: usize) -> Result<u16, LoadError> {
    read(image, at).map(u16::from_le_bytes)
}

fn u32_at(image: &[u8], at: usize) -> Result<u32, LoadError> {
    read(image, at).map(u32::from_le_bytes)
}

fn usize_at(image: &[u8], at: usize) -> Result<usize, LoadError> {
    read(image, at).map(|b| u64::from_le_bytes(b) as usize)
}

/// Loads `image` into `user` memory through sysgate's user copies and returns its entry point.
///
/// Every segment must fit in `user`; the bytes past a segment's file size are zeroed.
pub fn load(image: &[u8], user: Range<usize>) -> Result<Loaded, LoadError> {
    if image.get(..6) != Some(b"\x7fELF\x02\x01") || u16_at(image, 16)? != ET_EXEC {
        return Err(LoadError::NotElf);
    }
    let entry = usize_at(image, 24)?;
    let phoff = usize_at(image, 32)?;
    let phentsize = usize::from(u16_at(image, 54)?);
    let phnum = usize::from(u16_at(image, 56)?);
    let mut end = user.start;
    let mut phdr = 0;
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        if u32_at(image, ph)? != PT_LOAD {
            continue;
        }
        let offset = usize_at(image, ph + 8)?;
        let vaddr = usize_at(image, ph + 16)?;
        let filesz = usize_at(image, ph + 32)?;
        let memsz = usize_at(image, ph + 40)?;
        let seg_end = vaddr
            .checked_add(memsz)
            .ok_or(LoadError::OutsideUser(vaddr))?;
        if vaddr < user.start || seg_end > user.end || filesz > memsz {
            return Err(LoadError::OutsideUser(vaddr));
        }
        let bytes = image
            .get(offset..offset + filesz)
            .ok_or(LoadError::Truncated)?;
        // SAFETY: the destination lies in user memory, checked above.
        let missed = unsafe {
            sysgate::uaccess::copy_to_user(vaddr, bytes)
                + sysgate::uaccess::clear_user(vaddr + filesz, memsz - filesz)
        };
        if missed != 0 {
            return Err(LoadError::Fault(vaddr));
        }
        end = end.max(seg_end);
        if (offset..offset + filesz).contains(&phoff) {
            phdr = vaddr + (phoff - offset);
        }
    }
    if !user.contains(&entry) {
        return Err(LoadError::OutsideUser(entry));
    }
    Ok(Loaded {
        entry,
        end,
        phdr,
        phent: phentsize,
        phnum,
    })
}
