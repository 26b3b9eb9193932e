//! Decoding handler parameters from raw register words.

use core::fmt;

use crate::Errno;
use crate::table::Decoding;

/// A type a syscall parameter can have: it decodes from one or more register words.
///
/// Decoding never panics: a word that does not fit is `EINVAL`, a bad user pointer `EFAULT`.
/// Implement it for your own types, or use [`impl_syscall_arg!`](crate::impl_syscall_arg) for
/// types that already convert with `TryFrom<usize>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a syscall argument",
    label = "not decodable from a register word",
    note = "implement `sysgate::SyscallArg` for `{Self}`, or use `sysgate::impl_syscall_arg!` for a type with `TryFrom<usize>`"
)]
pub trait SyscallArg: Sized {
    /// How many consecutive argument registers the value occupies (1 or 2).
    const WORDS: usize = 1;

    /// Decodes the value from exactly [`Self::WORDS`] words.
    fn from_words(words: &[usize]) -> Result<Self, Errno>;

    /// Decodes the value under a table's [`Decoding`]: the default is [`Self::from_words`];
    /// integers override it to take Linux's cast (the low bits) under [`Decoding::Linux`].
    fn from_words_as(words: &[usize], decoding: Decoding) -> Result<Self, Errno> {
        let _ = decoding;
        Self::from_words(words)
    }

    /// Writes the value held in [`Self::WORDS`] words as a trace shows it; the default prints
    /// each word in decimal.
    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        for (i, w) in words.iter().enumerate() {
            write!(out, "{}{w}", if i > 0 { ", " } else { "" })?;
        }
        Ok(())
    }

    /// Writes the value as a trace of a table with `decoding` shows it: the default is
    /// [`Self::trace`]; integers print what [`Self::from_words_as`] decodes.
    fn trace_as(words: &[usize], decoding: Decoding, out: &mut dyn fmt::Write) -> fmt::Result {
        let _ = decoding;
        Self::trace(words, out)
    }
}

/// The [`SyscallArg`] methods an integer `$t` overrides for a table's [`Decoding`]: under
/// [`Decoding::Linux`] it takes (and traces) Linux's cast of the word, the low bits.
macro_rules! decoding_methods {
    ($t:ty) => {
        fn from_words_as(words: &[usize], decoding: Decoding) -> Result<Self, Errno> {
            match decoding {
                Decoding::Strict => Self::from_words(words),
                Decoding::Linux => Ok(words[0] as $t),
            }
        }

        fn trace_as(words: &[usize], decoding: Decoding, out: &mut dyn fmt::Write) -> fmt::Result {
            match decoding {
                Decoding::Strict => Self::trace(words, out),
                Decoding::Linux => write!(out, "{}", words[0] as $t),
            }
        }
    };
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl SyscallArg for $t {
            fn from_words(words: &[usize]) -> Result<Self, Errno> {
                <$t>::try_from(words[0]).map_err(|_| Errno::EINVAL)
            }

            decoding_methods!($t);
        }
    )*};
}

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl SyscallArg for $t {
            fn from_words(words: &[usize]) -> Result<Self, Errno> {
                <$t>::try_from(words[0] as isize).map_err(|_| Errno::EINVAL)
            }

            decoding_methods!($t);

            fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
                write!(out, "{}", words[0] as isize)
            }
        }
    )*};
}

unsigned!(u8, u16, u32, u64, usize);
signed!(i8, i16, i32, i64, isize);

impl SyscallArg for bool {
    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        match words[0] {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Errno::EINVAL),
        }
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        match Self::from_words(words) {
            Ok(b) => write!(out, "{b}"),
            Err(_) => write!(out, "{}", words[0]),
        }
    }
}

/// Implements [`SyscallArg`] for types that convert with `TryFrom<usize>` (a failed conversion
/// is `EINVAL`; traces print a decodable value with `Debug`), and
/// [`UserArg`](crate::stub::UserArg) for passing them from user code, which needs
/// `usize: From<T>`.
///
/// ```
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// enum Whence { Set, Cur, End }
///
/// impl TryFrom<usize> for Whence {
///     type Error = ();
///     fn try_from(v: usize) -> Result<Self, ()> {
///         match v { 0 => Ok(Whence::Set), 1 => Ok(Whence::Cur), 2 => Ok(Whence::End), _ => Err(()) }
///     }
/// }
/// impl From<Whence> for usize {
///     fn from(w: Whence) -> usize { w as usize }
/// }
/// sysgate::impl_syscall_arg!(Whence);
///
/// use sysgate::{Errno, SyscallArg};
/// assert_eq!(Whence::from_words(&[2]), Ok(Whence::End));
/// assert_eq!(Whence::from_words(&[7]), Err(Errno::EINVAL));
/// ```
#[macro_export]
macro_rules! impl_syscall_arg {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::SyscallArg for $t {
            fn from_words(words: &[usize]) -> ::core::result::Result<Self, $crate::Errno> {
                <$t as ::core::convert::TryFrom<usize>>::try_from(words[0])
                    .map_err(|_| $crate::Errno::EINVAL)
            }

            fn trace(
                words: &[usize],
                out: &mut dyn ::core::fmt::Write,
            ) -> ::core::fmt::Result {
                match <$t as ::core::convert::TryFrom<usize>>::try_from(words[0]) {
                    ::core::result::Result::Ok(v) => ::core::write!(out, "{:?}", v),
                    ::core::result::Result::Err(_) => ::core::write!(out, "{}", words[0]),
                }
            }
        }

        impl $crate::stub::UserArg<$t> for $t {
            fn put(self, out: &mut [usize]) {
                out[0] = <usize as ::core::convert::From<$t>>::from(self);
            }
        }
    )+};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_range_checked() {
        assert_eq!(u8::from_words(&[255]), Ok(255));
        assert_eq!(u8::from_words(&[256]), Err(Errno::EINVAL));
        assert_eq!(u32::from_words(&[usize::MAX]), Err(Errno::EINVAL));
        assert_eq!(u64::from_words(&[usize::MAX]), Ok(u64::MAX));
        assert_eq!(i32::from_words(&[-5isize as usize]), Ok(-5));
        assert_eq!(i32::from_words(&[1 << 40]), Err(Errno::EINVAL));
        assert_eq!(i8::from_words(&[-129isize as usize]), Err(Errno::EINVAL));
        assert_eq!(isize::from_words(&[usize::MAX]), Ok(-1));
    }

    #[test]
    fn linux_decoding_takes_the_low_bits() {
        let garbage_above = 0xdead_beef_0000_0000 | 0xffff_ff9c; // AT_FDCWD (-100) as an int
        assert_eq!(
            i32::from_words_as(&[garbage_above], Decoding::Linux),
            Ok(-100)
        );
        assert_eq!(
            i32::from_words_as(&[garbage_above], Decoding::Strict),
            Err(Errno::EINVAL)
        );
        assert_eq!(u32::from_words_as(&[1 << 32 | 7], Decoding::Linux), Ok(7));
        assert_eq!(
            u64::from_words_as(&[usize::MAX], Decoding::Linux),
            Ok(u64::MAX)
        );
        assert_eq!(
            bool::from_words_as(&[2], Decoding::Linux),
            Err(Errno::EINVAL)
        );
    }

    #[test]
    fn bool_is_zero_or_one() {
        assert_eq!(bool::from_words(&[0]), Ok(false));
        assert_eq!(bool::from_words(&[1]), Ok(true));
        assert_eq!(bool::from_words(&[2]), Err(Errno::EINVAL));
    }
}
