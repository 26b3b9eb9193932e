//! The user side of a declaration: the typed stubs `#[syscall]` generates call these.
//!
//! Next to each handler `fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, E>` the
//! attribute generates a module `write` with `pub fn call(fd: u32, buf: impl UserArg<…>) ->
//! Result<usize, Errno>` and `pub const NR`. User code calls `write::call(1, b"hi")`: the stub
//! encodes the arguments into registers exactly as the kernel's thunk decodes them, makes the
//! system call through [`invoke`], and decodes the result, so the two sides cannot disagree on
//! a number, an argument order or a register.

use crate::{Errno, SyscallValue, UserCStr, UserPtr, UserPtrMut, UserSlice, UserSliceMut};

/// A value user code passes for a parameter of kernel type `K`: it writes the words `K`
/// decodes from (`K::WORDS` of them, see [`crate::SyscallArg`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be passed for a syscall parameter of type `{K}`",
    note = "integers, `bool` and enums pass as themselves; an input `UserSlice<T>` takes `&[T]`, an output `UserSliceMut<T>` only `&mut [T]`; an input `UserPtr<T>` takes `&T`, an output `UserPtrMut<T>` only `&mut T`; `unsafe {{ sysgate::stub::Raw::slice(addr, len) }}` or `Raw::ptr(addr)` pass raw addresses; `UserCStr` takes `&CStr`"
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

/// An address (and length) passed as is, for what no Rust reference describes: a bad pointer
/// a test wants refused, memory the program mapped itself.
///
/// Made only with `unsafe`: on a hosted target the handler runs in this process and copies
/// through the address, so it must be memory the caller may let the syscall read (or, for a
/// `UserSliceMut`/`UserPtrMut` parameter, write) — or an address the kernel refuses.
#[derive(Clone, Copy, Debug)]
pub struct Raw {
    addr: usize,
    len: usize,
}

impl Raw {
    /// A raw address, for a `UserPtr`/`UserPtrMut`/`UserCStr` parameter.
    ///
    /// # Safety
    /// As for [`Raw`]: the syscall may read or write `size_of::<T>()` bytes at `addr`.
    pub const unsafe fn ptr(addr: usize) -> Raw {
        Raw { addr, len: 1 }
    }

    /// A raw `(address, length in elements)`, for a `UserSlice`/`UserSliceMut` parameter.
    ///
    /// # Safety
    /// As for [`Raw`]: the syscall may read or write the whole range.
    pub const unsafe fn slice(addr: usize, len: usize) -> Raw {
        Raw { addr, len }
    }
}

/// Puts `(address, length)` in two words.
#[inline(always)]
fn put_range(out: &mut [usize], addr: usize, len: usize) {
    out[0] = addr;
    out[1] = len;
}

impl<T> UserArg<UserSlice<T>> for &[T] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.as_ptr() as usize, self.len());
    }
}

impl<T> UserArg<UserSlice<T>> for &mut [T] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.as_ptr() as usize, self.len());
    }
}

impl<T, const N: usize> UserArg<UserSlice<T>> for &[T; N] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.as_ptr() as usize, N);
    }
}

impl<T, const N: usize> UserArg<UserSlice<T>> for &mut [T; N] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.as_ptr() as usize, N);
    }
}

impl<T> UserArg<UserSlice<T>> for Raw {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.addr, self.len);
    }
}

/// An output buffer takes only exclusive borrows: the kernel writes into it.
impl<T> UserArg<UserSliceMut<T>> for &mut [T] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.as_mut_ptr() as usize, self.len());
    }
}

impl<T, const N: usize> UserArg<UserSliceMut<T>> for &mut [T; N] {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.as_mut_ptr() as usize, N);
    }
}

impl<T> UserArg<UserSliceMut<T>> for Raw {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        put_range(out, self.addr, self.len);
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
        out[0] = self as *const T as usize;
    }
}

impl<T> UserArg<UserPtr<T>> for Raw {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.addr;
    }
}

/// An output pointer takes only an exclusive borrow: the kernel writes through it.
impl<T> UserArg<UserPtrMut<T>> for &mut T {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self as *mut T as usize;
    }
}

impl<T> UserArg<UserPtrMut<T>> for Raw {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.addr;
    }
}

impl UserArg<UserCStr> for &core::ffi::CStr {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.as_ptr() as usize;
    }
}

impl UserArg<UserCStr> for Raw {
    #[inline(always)]
    fn put(self, out: &mut [usize]) {
        out[0] = self.addr;
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
        // SAFETY: only encoded, never dereferenced.
        UserArg::<UserSliceMut<u16>>::put(unsafe { Raw::slice(0xdead, 9) }, &mut out);
        assert_eq!(out, [0xdead, 9]);
        UserArg::<UserPtr<u16>>::put(&data[1], &mut out);
        assert_eq!(out[0], &data[1] as *const u16 as usize);
        let mut cell = 0u16;
        let addr = &cell as *const u16 as usize;
        UserArg::<UserPtrMut<u16>>::put(&mut cell, &mut out);
        assert_eq!(out[0], addr);
        UserArg::<i32>::put(-1, &mut out);
        assert_eq!(out[0], usize::MAX, "signed values sign-extend");
        let name = c"name";
        UserArg::<UserCStr>::put(name, &mut out);
        assert_eq!(out[0], name.as_ptr() as usize);
        // SAFETY: only encoded, never passed to a syscall.
        UserArg::<UserCStr>::put(unsafe { Raw::ptr(0xbeef) }, &mut out);
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
