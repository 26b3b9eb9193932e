//! Argument types whose trace reads the way strace prints them.

use core::fmt;

use sysgate::{Errno, SyscallArg, UserCStr, UserSlice, UserSliceMut};

/// A user address the handler checks itself (`NULL` allowed); traced in hex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserAddr(pub usize);

impl UserAddr {
    /// Whether it is `NULL`.
    pub fn is_null(self) -> bool {
        self.0 == 0
    }

    /// Writes `bytes` at the address (checked as a user range).
    pub fn write(self, bytes: &[u8]) -> Result<(), Errno> {
        let n = UserSliceMut::<u8>::new(self.0, bytes.len())?.write_from(bytes)?;
        if n == bytes.len() {
            Ok(())
        } else {
            Err(Errno::EFAULT)
        }
    }
}

impl SyscallArg for UserAddr {
    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        Ok(UserAddr(words[0]))
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        match words[0] {
            0 => out.write_str("NULL"),
            a => write!(out, "{a:#x}"),
        }
    }
}

/// The longest path accepted, NUL included.
pub const PATH_MAX: usize = 256;

/// A path name in user memory; traced as the quoted string, like strace.
#[derive(Clone, Copy, Debug)]
pub struct Path(UserCStr);

impl Path {
    /// Copies the path into `buf`.
    pub fn read<'a>(&self, buf: &'a mut [u8; PATH_MAX]) -> Result<&'a [u8], Errno> {
        self.0.read_into(buf)
    }
}

impl SyscallArg for Path {
    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        UserCStr::new(words[0]).map(Path)
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        let mut buf = [0; PATH_MAX];
        match UserCStr::new(words[0]).and_then(|s| s.read_into(&mut buf)) {
            Ok(bytes) => quoted(bytes, out),
            Err(_) => write!(out, "{:#x}", words[0]),
        }
    }
}

/// Bytes the program hands in (`write`'s buffer); traced as strace prints them: the first
/// bytes quoted (as many as strace shows by default), then the length.
#[derive(Clone, Copy, Debug)]
pub struct InBytes(pub UserSlice<u8>);

/// How many bytes of a buffer a trace shows.
pub const SHOWN: usize = 32;

impl SyscallArg for InBytes {
    const WORDS: usize = 2;

    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        UserSlice::new(words[0], words[1]).map(InBytes)
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        let mut shown = [0u8; SHOWN];
        let n = words[1].min(SHOWN);
        match UserSlice::<u8>::new(words[0], n).and_then(|s| s.read_into(&mut shown[..n])) {
            Ok(got) => {
                quoted(&shown[..got], out)?;
                if words[1] > got {
                    out.write_str("...")?;
                }
                write!(out, "[{}]", words[1])
            }
            Err(_) => write!(out, "{:#x}[{}]", words[0], words[1]),
        }
    }
}

/// Writes `bytes` as a C string literal the way strace does.
fn quoted(bytes: &[u8], out: &mut dyn fmt::Write) -> fmt::Result {
    out.write_char('"')?;
    for &b in bytes {
        match b {
            b'"' | b'\\' => write!(out, "\\{}", b as char)?,
            b'\n' => out.write_str("\\n")?,
            b'\t' => out.write_str("\\t")?,
            0x20..0x7f => out.write_char(b as char)?,
            _ => write!(out, "\\x{b:02x}")?,
        }
    }
    out.write_char('"')
}

/// Writes `value` as the names of its bits joined by `|` (leftover bits in hex), or `zero`.
fn flags(value: u32, names: &[(u32, &str)], zero: &str, out: &mut dyn fmt::Write) -> fmt::Result {
    if value == 0 {
        return out.write_str(zero);
    }
    let mut rest = value;
    let mut sep = "";
    for &(bit, name) in names {
        if bit != 0 && rest & bit == bit {
            write!(out, "{sep}{name}")?;
            rest &= !bit;
            sep = "|";
        }
    }
    if rest != 0 {
        write!(out, "{sep}{rest:#x}")?;
    }
    Ok(())
}

/// Declares a `u32` flag set traced by name.
macro_rules! flag_type {
    ($(#[$doc:meta])* $name:ident, zero = $zero:literal, [$($bit:expr => $text:literal),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(pub u32);

        impl SyscallArg for $name {
            fn from_words(words: &[usize]) -> Result<Self, Errno> {
                Ok($name(words[0] as u32))
            }

            fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
                flags(words[0] as u32, &[$(($bit, $text)),*], $zero, out)
            }
        }
    };
}

flag_type!(
    /// `openat`'s flags (Linux's low 32 bits), traced as `O_RDONLY|O_CLOEXEC`.
    OpenFlags, zero = "O_RDONLY", [
        0o1 => "O_WRONLY", 0o2 => "O_RDWR", 0o100 => "O_CREAT", 0o200 => "O_EXCL",
        0o400 => "O_NOCTTY", 0o1000 => "O_TRUNC", 0o2000 => "O_APPEND",
        0o4000 => "O_NONBLOCK", crate::arch::O_DIRECTORY => "O_DIRECTORY",
        0o2000000 => "O_CLOEXEC",
    ]
);

flag_type!(
    /// `mmap`'s and `mprotect`'s protection, traced as `PROT_READ|PROT_WRITE`.
    Prot, zero = "PROT_NONE", [1 => "PROT_READ", 2 => "PROT_WRITE", 4 => "PROT_EXEC"]
);

flag_type!(
    /// `mmap`'s flags, traced as `MAP_PRIVATE|MAP_ANONYMOUS`.
    MapFlags, zero = "0", [
        1 => "MAP_SHARED", 2 => "MAP_PRIVATE", 0x10 => "MAP_FIXED", 0x20 => "MAP_ANONYMOUS",
    ]
);
