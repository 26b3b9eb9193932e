//! The program image the host's loader places in RAM at [`arch::LINUX_IMAGE`]: a header, one
//! argument vector per run, and the ELF file, so any bytes reach the program's `argv` intact
//! and one boot can run the program several times.
//!
//! Layout (little-endian `u64` words, each field padded to 8 bytes): `"SGLINUX1"`, total
//! length, flags, the number of runs, then per run its `argc` and per argument its length and
//! bytes, then the ELF's length and bytes.

use crate::arch;

const MAGIC: &[u8; 8] = b"SGLINUX1";

/// Flag: trace every Linux call and print the trace after each run.
pub const TRACE: u64 = 1;

/// A program image found in RAM.
pub struct Image {
    bytes: &'static [u8],
    /// The header's flags ([`TRACE`]).
    pub flags: u64,
    runs: usize,
    /// The ELF file.
    pub elf: &'static [u8],
}

fn word(bytes: &[u8], at: usize) -> Option<usize> {
    let w = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(w.try_into().ok()?) as usize)
}

/// Skips one argument vector at `at`; returns where the next field starts.
fn skip_argv(bytes: &[u8], mut at: usize) -> Option<usize> {
    let argc = word(bytes, at)?;
    at += 8;
    for _ in 0..argc {
        at += 8 + word(bytes, at)?.next_multiple_of(8);
    }
    Some(at)
}

impl Image {
    /// The image at [`arch::LINUX_IMAGE`], if the host placed one there.
    pub fn find() -> Option<Image> {
        let base = arch::LINUX_IMAGE as *const u8;
        // SAFETY: the image address is RAM, identity-mapped for the kernel; the host's loader
        // wrote the image before the kernel started and nothing writes it afterwards. Without
        // an image the header is zero RAM, which the magic check rejects.
        let header = unsafe { core::slice::from_raw_parts(base, 16) };
        if &header[..8] != MAGIC {
            return None;
        }
        let len = word(header, 8)?;
        // SAFETY: as above, for the length the header gives.
        let bytes = unsafe { core::slice::from_raw_parts(base, len) };
        let flags = word(bytes, 16)? as u64;
        let runs = word(bytes, 24)?;
        let mut at = 32;
        for _ in 0..runs {
            at = skip_argv(bytes, at)?;
        }
        let elf_len = word(bytes, at)?;
        let elf = bytes.get(at + 8..at + 8 + elf_len)?;
        Some(Image {
            bytes,
            flags,
            runs,
            elf,
        })
    }

    /// Each run's arguments, in order.
    pub fn runs(&self) -> impl Iterator<Item = Argv> + '_ {
        let bytes = self.bytes;
        let mut at = 32;
        (0..self.runs).map_while(move |_| {
            let argv = Argv { bytes, at };
            at = skip_argv(bytes, at)?;
            Some(argv)
        })
    }
}

/// One run's argument vector.
#[derive(Clone, Copy)]
pub struct Argv {
    bytes: &'static [u8],
    at: usize,
}

impl Argv {
    /// The arguments, in order.
    pub fn iter(self) -> impl Iterator<Item = &'static [u8]> {
        let bytes = self.bytes;
        let argc = word(bytes, self.at).unwrap_or(0);
        let mut at = self.at + 8;
        (0..argc).map_while(move |_| {
            let len = word(bytes, at)?;
            let arg = bytes.get(at + 8..at + 8 + len)?;
            at += 8 + len.next_multiple_of(8);
            Some(arg)
        })
    }
}
