//! Encoding handler results into the return register.

use crate::Errno;

/// A success value a handler can return: it encodes into one register word.
///
/// Implement it for your own newtypes. A value whose encoding would read as an error
/// (`-4095..=-1` as a signed word) is reported to the caller as `EOVERFLOW` instead.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a syscall",
    label = "not encodable in a return register",
    note = "return `()`, an integer, `bool`, a `UserPtr`, or a type implementing `sysgate::SyscallValue`, optionally inside `Result<_, E>` with `E: Into<sysgate::Errno>`"
)]
pub trait SyscallValue: Sized {
    /// The register word for this value.
    fn into_word(self) -> usize;

    /// The value from its register word, on the user side of a call.
    fn from_word(word: usize) -> Self;
}

/// A handler's return type: a [`SyscallValue`], or `Result<T, E>` with `T: SyscallValue` and
/// `E: Into<Errno>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a syscall",
    label = "not encodable in a return register",
    note = "return a `sysgate::SyscallValue` (integers, `bool`, `()`, `UserPtr`) or `Result<T, E>` with `T: SyscallValue` and `E: Into<sysgate::Errno>`"
)]
pub trait SyscallReturn {
    /// The success value the caller receives.
    type Value: SyscallValue;

    /// The word on success, the errno on failure.
    fn into_syscall_result(self) -> Result<usize, Errno>;
}

impl<T: SyscallValue> SyscallReturn for T {
    type Value = T;

    #[inline(always)]
    fn into_syscall_result(self) -> Result<usize, Errno> {
        Ok(self.into_word())
    }
}

impl<T: SyscallValue, E: Into<Errno>> SyscallReturn for Result<T, E> {
    type Value = T;

    #[inline(always)]
    fn into_syscall_result(self) -> Result<usize, Errno> {
        match self {
            Ok(v) => Ok(v.into_word()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Encodes a result for the return register: the word itself, or `-errno`.
///
/// A success word that would read as an error becomes `-EOVERFLOW`.
#[inline(always)]
pub fn encode(result: Result<usize, Errno>) -> isize {
    match result {
        Ok(word) if Errno::from_ret(word as isize).is_none() => word as isize,
        Ok(_) => Errno::EOVERFLOW.to_ret(),
        Err(e) => e.to_ret(),
    }
}

impl SyscallValue for () {
    #[inline(always)]
    fn into_word(self) -> usize {
        0
    }

    #[inline(always)]
    fn from_word(_: usize) -> Self {}
}

impl SyscallValue for bool {
    #[inline(always)]
    fn into_word(self) -> usize {
        self as usize
    }

    #[inline(always)]
    fn from_word(word: usize) -> Self {
        word != 0
    }
}

macro_rules! words {
    ($($t:ty),*) => {$(
        impl SyscallValue for $t {
            #[inline(always)]
            fn into_word(self) -> usize {
                self as usize
            }

            #[inline(always)]
            fn from_word(word: usize) -> Self {
                word as $t
            }
        }
    )*};
}

words!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_encode_like_linux() {
        assert_eq!(encode(Ok(5)), 5);
        assert_eq!(encode(Err(Errno::EBADF)), -9);
        assert_eq!(encode(Ok(usize::MAX)), Errno::EOVERFLOW.to_ret());
        assert_eq!(encode(Ok(-4096isize as usize)), -4096);
        assert_eq!(Ok::<u32, Errno>(3).into_syscall_result(), Ok(3));
        assert_eq!(
            Err::<u32, Errno>(Errno::EAGAIN).into_syscall_result(),
            Err(Errno::EAGAIN)
        );
        assert_eq!(().into_syscall_result(), Ok(0));
        assert_eq!(true.into_syscall_result(), Ok(1));
        assert_eq!((-1i32).into_syscall_result(), Ok(usize::MAX));
    }
}
