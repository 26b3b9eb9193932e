//! Argument types whose trace reads the way strace prints them.

use core::fmt;

use sysgate::{Errno, SyscallArg, UserCStr, UserSliceMut};

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
            Ok(bytes) => {
                out.write_char('"')?;
                for &b in bytes {
                    match b {
                        b'"' | b'\\' => write!(out, "\\{}", b as char)?,
                        0x20..0x7f => out.write_char(b as char)?,
                        _ => write!(out, "\\x{b:02x}")?,
                    }
                }
                out.write_char('"')
            }
            Err(_) => write!(out, "{:#x}", words[0]),
        }
    }
}
