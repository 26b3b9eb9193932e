//! The user side of a declaration: the typed stubs `#[syscall]` generates call these.
//!
//! Next to each handler `fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, E>` the
//! attribute generates a module `write` with `pub fn call(fd: u32, buf: impl UserArg<…>) ->
//! Result<usize, Errno>` and `pub const NR`. User code calls `write::call(1, b"hi")`: the stub
//! encodes the arguments into registers exactly as the kernel's thunk decodes them, makes the
//! system call through [`invoke`], and decodes the result, so the two sides cannot disagree on
//! a number, an argument order or a register.

use crate::{Errno, SyscallValue, UserCStr, UserPtr, UserSlice};

/// A value user code passes for a parameter of kernel type `K`: it writes the words `K`
/// decodes from (`K::WORDS` of them, see [`crate::SyscallArg`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be passed for a syscall parameter of type `{K}`",
    note = "integers, `bool` and enums pass as themselves; `UserSlice<T>` takes `&[T]`, `&mut [T]` or a raw `(address, length)`; `UserPtr<T>` takes `&T`, `&mut T`, a raw pointer or a raw address; `UserCStr` takes `&CStr` or a raw address"
)]
pub trait UserArg<K> {
    /// Writes the register words for this value.
    fn put(self, out: &mut [usize]);
}

macro_rules! ints {
    ($($t:ty),*) => {$(
        impl UserArg<$t> for $t {
            #[inline(always)]
            fn put(self, out: &mut [usize]) {
                out[0] = self as usize;
            }
        }
    )*};
}
ints!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl UserArg<bool> for bool {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = usize::from(self);
    }
}

impl<T> UserArg<UserSlice<T>> for &[T] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.as_ptr() as usize;
        out[1] = self.len();
    }
}

impl<T> UserArg<UserSlice<T>> for &mut [T] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.as_mut_ptr() as usize;
        out[1] = self.len();
    }
}

impl<T, const N: usize> UserArg<UserSlice<T>> for &[T; N] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.as_ptr() as usize;
        out[1] = N;
    }
}

impl<T, const N: usize> UserArg<UserSlice<T>> for &mut [T; N] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.as_mut_ptr() as usize;
        out[1] = N;
    }
}

/// A raw `(address, length)`, for calls that must pass a range no Rust slice can describe.
impl<T> UserArg<UserSlice<T>> for (usize, usize) {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.0;
        out[1] = self.1;
    }
}

impl<T> UserArg<UserPtr<T>> for &T {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self as *const T as usize;
    }
}

impl<T> UserArg<UserPtr<T>> for &mut T {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self as *mut T as usize;
    }
}

impl<T> UserArg<UserPtr<T>> for *mut T {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self as usize;
    }
}

/// A raw address, for calls that must pass an address no reference can hold.
impl<T> UserArg<UserPtr<T>> for usize {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self;
    }
}

impl UserArg<UserCStr> for &core::ffi::CStr {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.as_ptr() as usize;
    }
}

impl UserArg<UserCStr> for usize {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self;
    }
}

/// Makes system call `nr` with six argument words and returns the raw result.
///
/// On the bare-metal targets this is the architecture's system-call instruction; on a hosted
/// target it calls [`crate::dispatch`] in the same process, so stubs and handlers can be tested
/// together on the host.
#[inline(always)]
pub fn invoke(nr: usize, args: [usize; 6]) -> isize {
    crate::arch::invoke(nr, args)
}

/// Decodes a raw result: `Err` for `-4095..=-1`, the value otherwise.
#[inline(always)]
pub fn decode<V: SyscallValue>(ret: isize) -> Result<V, Errno> {
    decode_with(ret, V::from_word)
}

/// Decodes a raw result with `from_word` for the value.
#[inline(always)]
pub fn decode_with<V>(ret: isize, from_word: fn(usize) -> V) -> Result<V, Errno> {
    match Errno::from_ret(ret) {
        Some(e) => Err(e),
        None => Ok(from_word(ret as usize)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_and_pointers_encode_address_and_length() {
        let data = [1u16, 2, 3];
        let mut out = [0usize; 2];
        UserArg::<UserSlice<u16>>::put(&data[..], &mut out);
        assert_eq!(out, [data.as_ptr() as usize, 3]);
        UserArg::<UserSlice<u16>>::put((0xdead, 9), &mut out);
        assert_eq!(out, [0xdead, 9]);
        UserArg::<UserPtr<u16>>::put(&data[1], &mut out);
        assert_eq!(out[0], &data[1] as *const u16 as usize);
        UserArg::<i32>::put(-1, &mut out);
        assert_eq!(out[0], usize::MAX, "signed values sign-extend");
        let name = c"name";
        UserArg::<UserCStr>::put(name, &mut out);
        assert_eq!(out[0], name.as_ptr() as usize);
        UserArg::<UserCStr>::put(0xbeefusize, &mut out);
        assert_eq!(out[0], 0xbeef);
    }

    #[test]
    fn results_decode_like_linux() {
        assert_eq!(decode::<u32>(7), Ok(7));
        assert_eq!(decode::<u32>(-22), Err(Errno::EINVAL));
        assert_eq!(decode::<()>(0), Ok(()));
        assert_eq!(decode::<bool>(1), Ok(true));
        assert_eq!(decode::<i64>(-4096), Ok(-4096));
    }
}
