//! The program image the host's loader places in RAM at [`arch::LINUX_IMAGE`], like an initrd:
//! `"SGLINUX1"`, the total length, flags and the ELF file's length (little-endian `u64`
//! words), then the ELF file.

use crate::arch;

const MAGIC: &[u8; 8] = b"SGLINUX1";

/// Flag: trace every Linux call and print the trace after each run.
pub const TRACE: u64 = 1;

/// A program image found in RAM.
pub struct Image {
    /// The header's flags ([`TRACE`]).
    pub flags: u64,
    /// The ELF file.
    pub elf: &'static [u8],
}

fn word(bytes: &[u8], at: usize) -> Option<usize> {
    let w = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(w.try_into().ok()?) as usize)
}

impl Image {
    /// The image at [`arch::LINUX_IMAGE`], if the host placed one there.
    pub fn find() -> Option<Image> {
        let base = arch::LINUX_IMAGE as *const u8;
        // SAFETY: the image address is RAM, identity-mapped for the kernel; the host's loader
        // wrote the image before the kernel started and nothing writes it afterwards. Without
        // an image the header is zero RAM, which the magic check rejects.
        let header = unsafe { core::slice::from_raw_parts(base, 32) };
        if &header[..8] != MAGIC {
            return None;
        }
        let len = word(header, 8)?;
        // SAFETY: as above, for the length the header gives.
        let bytes = unsafe { core::slice::from_raw_parts(base, len) };
        let elf_len = word(bytes, 24)?;
        Some(Image {
            flags: word(bytes, 16)? as u64,
            elf: bytes.get(32..32 + elf_len)?,
        })
    }
}
