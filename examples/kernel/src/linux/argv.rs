//! The argument vectors of the runs, from the kernel command line: one word
//! `sysgate.runs=<hex>` whose bytes are the number of runs, then per run its `argc` and per
//! argument its length and bytes (little-endian `u64` words, each field padded to 8 bytes).
//! Hex keeps any byte of an argument (spaces, quotes, newlines) out of the command line's own
//! syntax.

use core::cell::UnsafeCell;

/// The word of the command line that carries the runs.
const KEY: &[u8] = b"sysgate.runs=";

/// The most bytes the decoded runs may take.
const MAX: usize = 16 << 10;

struct Decoded(UnsafeCell<[u8; MAX]>);

// SAFETY: written once at boot by `decode`, on one CPU, before anything reads it.
unsafe impl Sync for Decoded {}

static DECODED: Decoded = Decoded(UnsafeCell::new([0; MAX]));

fn word(bytes: &[u8], at: usize) -> Option<usize> {
    let w = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(w.try_into().ok()?) as usize)
}

/// Skips one argument vector at `at`; returns where the next starts.
fn skip_argv(bytes: &[u8], mut at: usize) -> Option<usize> {
    let argc = word(bytes, at)?;
    at += 8;
    for _ in 0..argc {
        at += 8 + word(bytes, at)?.next_multiple_of(8);
    }
    Some(at)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// The runs `cmdline` carries (`None` if it carries none or they do not decode). Call it once.
pub fn decode(cmdline: &[u8]) -> Option<Runs> {
    let hex = cmdline
        .split(|&b| b == b' ')
        .find_map(|w| w.strip_prefix(KEY))?;
    if hex.len() % 2 != 0 || hex.len() / 2 > MAX {
        return None;
    }
    // SAFETY: boot time, one CPU, called once: nothing else holds the buffer.
    let buf = unsafe { &mut *DECODED.0.get() };
    for (i, pair) in hex.chunks(2).enumerate() {
        buf[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    let bytes = &buf[..hex.len() / 2];
    let count = word(bytes, 0)?;
    let mut at = 8;
    for _ in 0..count {
        at = skip_argv(bytes, at)?;
    }
    (at == bytes.len()).then_some(Runs {
        bytes: &buf[..at],
        count,
    })
}

/// The decoded runs.
pub struct Runs {
    bytes: &'static [u8],
    count: usize,
}

impl Runs {
    /// Each run's arguments, in order.
    pub fn iter(&self) -> impl Iterator<Item = Argv> + '_ {
        let bytes = self.bytes;
        let mut at = 8;
        (0..self.count).map_while(move |_| {
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
