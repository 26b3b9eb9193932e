//! User-space pointers: an address (and length) checked before any access.

use core::fmt;
use core::marker::PhantomData;
use core::mem::{align_of, size_of};

use crate::{Errno, SyscallArg, SyscallValue, kernel, uaccess};

/// Plain data that may be copied to and from user memory byte for byte.
///
/// # Safety
/// Every bit pattern of `size_of::<Self>()` bytes must be a valid `Self`, with no padding.
pub unsafe trait Pod: Copy {}

macro_rules! pod {
    ($($t:ty),*) => {$(
        // SAFETY: integers have no padding and no invalid bit patterns.
        unsafe impl Pod for $t {}
    )*};
}
pod!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

/// Checks that `[addr, addr + len * size_of::<T>())` is an aligned range of user memory.
fn check_range<T>(addr: usize, len: usize) -> Result<(), Errno> {
    if !addr.is_multiple_of(align_of::<T>()) {
        return Err(Errno::EFAULT);
    }
    let bytes = len.checked_mul(size_of::<T>()).ok_or(Errno::EFAULT)?;
    let end = addr.checked_add(bytes).ok_or(Errno::EFAULT)?;
    let user = kernel::user_range();
    if addr < user.start || end > user.end {
        return Err(Errno::EFAULT);
    }
    Ok(())
}

/// A pointer to one `T` the handler reads from user memory (an input), decoded from one
/// register word.
///
/// Decoding rejects null, misaligned and non-user addresses with `EFAULT`; the pointee is only
/// reached through [`UserPtr::read`], which copies through [`crate::uaccess`] (a fault there
/// is `EFAULT` too). A handler that writes the pointee takes [`UserPtrMut`] instead, and the
/// user side must then pass `&mut T`.
pub struct UserPtr<T> {
    addr: usize,
    _marker: PhantomData<*mut T>,
}

impl<T> Clone for UserPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for UserPtr<T> {}

impl<T> UserPtr<T> {
    /// Checks `addr` as a pointer to one `T` in user memory.
    pub fn new(addr: usize) -> Result<Self, Errno> {
        if addr == 0 {
            return Err(Errno::EFAULT);
        }
        check_range::<T>(addr, 1)?;
        Ok(UserPtr {
            addr,
            _marker: PhantomData,
        })
    }

    /// The user address.
    pub fn addr(self) -> usize {
        self.addr
    }
}

impl<T: Pod> UserPtr<T> {
    /// Copies the value in from user memory.
    pub fn read(self) -> Result<T, Errno> {
        let mut value = core::mem::MaybeUninit::<T>::zeroed();
        // SAFETY: `value` is `size_of::<T>()` writable bytes; `T: Pod` accepts any bytes.
        let bytes = unsafe {
            core::slice::from_raw_parts_mut(value.as_mut_ptr().cast::<u8>(), size_of::<T>())
        };
        // SAFETY: the range was validated when the pointer was made.
        if unsafe { uaccess::copy_from_user(bytes, self.addr) } != 0 {
            return Err(Errno::EFAULT);
        }
        // SAFETY: all bytes were written and any bit pattern is a valid `T`.
        Ok(unsafe { value.assume_init() })
    }
}

impl<T> SyscallArg for UserPtr<T> {
    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        UserPtr::new(words[0])
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{:#x}", words[0])
    }
}

impl<T> SyscallValue for UserPtr<T> {
    fn into_word(self) -> usize {
        self.addr
    }

    /// The address the kernel returned, unchecked: user code holds it, it does not copy.
    fn from_word(word: usize) -> Self {
        UserPtr {
            addr: word,
            _marker: PhantomData,
        }
    }
}

impl<T> fmt::Debug for UserPtr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.addr)
    }
}

/// A pointer to one `T` the handler writes in user memory (an output, or in-out), decoded from
/// one register word and checked as [`UserPtr`] is.
///
/// The user side must pass `&mut T` (or an explicitly unsafe raw address), never a shared
/// reference.
pub struct UserPtrMut<T>(UserPtr<T>);

impl<T> Clone for UserPtrMut<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for UserPtrMut<T> {}

impl<T> UserPtrMut<T> {
    /// Checks `addr` as a pointer to one writable `T` in user memory.
    pub fn new(addr: usize) -> Result<Self, Errno> {
        UserPtr::new(addr).map(UserPtrMut)
    }

    /// The user address.
    pub fn addr(self) -> usize {
        self.0.addr
    }

    /// The same pointer, for reading only.
    pub fn as_input(self) -> UserPtr<T> {
        self.0
    }
}

impl<T: Pod> UserPtrMut<T> {
    /// Copies the value in from user memory.
    pub fn read(self) -> Result<T, Errno> {
        self.0.read()
    }

    /// Copies `value` out to user memory.
    pub fn write(self, value: T) -> Result<(), Errno> {
        // SAFETY: `T: Pod` has no padding, so all its bytes are initialised.
        let bytes = unsafe {
            core::slice::from_raw_parts((&value as *const T).cast::<u8>(), size_of::<T>())
        };
        // SAFETY: the range was validated when the pointer was made.
        match unsafe { uaccess::copy_to_user(self.0.addr, bytes) } {
            0 => Ok(()),
            _ => Err(Errno::EFAULT),
        }
    }
}

impl<T> SyscallArg for UserPtrMut<T> {
    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        UserPtrMut::new(words[0])
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{:#x}", words[0])
    }
}

impl<T> fmt::Debug for UserPtrMut<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `len` consecutive `T`s the handler reads from user memory (an input buffer), decoded from
/// two register words: address, length.
///
/// Decoding checks alignment and that the whole range, computed without overflow, is user
/// memory (`EFAULT` otherwise). An empty slice is accepted at any address. The handler can only
/// copy it in ([`UserSlice::read_into`]); a buffer it fills is a [`UserSliceMut`].
///
/// The copies go through [`crate::uaccess`] with Linux's `read`/`write` semantics: a fault
/// part-way returns the elements copied before it; a fault on the first element is `EFAULT`.
pub struct UserSlice<T> {
    addr: usize,
    len: usize,
    _marker: PhantomData<*mut T>,
}

impl<T> Clone for UserSlice<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for UserSlice<T> {}

impl<T> UserSlice<T> {
    /// Checks `addr` and `len` (in elements) as a range of user memory.
    pub fn new(addr: usize, len: usize) -> Result<Self, Errno> {
        if len != 0 {
            check_range::<T>(addr, len)?;
        }
        Ok(UserSlice {
            addr,
            len,
            _marker: PhantomData,
        })
    }

    /// The user address of the first element.
    pub fn addr(&self) -> usize {
        self.addr
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the slice has no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<T: Pod> UserSlice<T> {
    /// Copies up to `dst.len()` elements in from user memory; returns how many were copied
    /// (fewer if a fault stopped the copy after the first element; `EFAULT` before it).
    pub fn read_into(&self, dst: &mut [T]) -> Result<usize, Errno> {
        let n = dst.len().min(self.len);
        // SAFETY: `dst[..n]` is initialised memory of plain data, viewed as bytes.
        let bytes = unsafe {
            core::slice::from_raw_parts_mut(dst.as_mut_ptr().cast::<u8>(), n * size_of::<T>())
        };
        // SAFETY: a prefix of the range validated when the slice was made.
        let missed = unsafe { uaccess::copy_from_user(bytes, self.addr) };
        copied::<T>(n, missed)
    }
}

/// The whole elements of `n` that a copy missing `missed` bytes moved, or `EFAULT` for none.
fn copied<T>(n: usize, missed: usize) -> Result<usize, Errno> {
    if missed == 0 {
        return Ok(n);
    }
    // `missed` bytes were not copied, so the elements have a size.
    match (n * size_of::<T>() - missed) / size_of::<T>() {
        0 => Err(Errno::EFAULT),
        done => Ok(done),
    }
}

impl<T> SyscallArg for UserSlice<T> {
    const WORDS: usize = 2;

    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        UserSlice::new(words[0], words[1])
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{:#x}[{}]", words[0], words[1])
    }
}

impl<T> fmt::Debug for UserSlice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}[{}]", self.addr, self.len)
    }
}

/// A NUL-terminated string in user memory, decoded from one register word (its address).
///
/// Decoding rejects null and non-user addresses with `EFAULT`; the string is only reached
/// through [`UserCStr::read_into`], which copies with `strncpy_from_user` semantics.
#[derive(Clone, Copy)]
pub struct UserCStr {
    addr: usize,
}

impl UserCStr {
    /// Checks `addr` as the start of a string in user memory.
    pub fn new(addr: usize) -> Result<Self, Errno> {
        if addr == 0 {
            return Err(Errno::EFAULT);
        }
        check_range::<u8>(addr, 1)?;
        Ok(UserCStr { addr })
    }

    /// The user address.
    pub fn addr(self) -> usize {
        self.addr
    }

    /// Copies the string, NUL included, into `buf`, whose length is the longest string accepted
    /// plus one; returns the string's bytes without the NUL.
    ///
    /// `ENAMETOOLONG` if no NUL is among the first `buf.len()` bytes; `EFAULT` if a byte before
    /// the NUL cannot be read or lies past the end of user memory.
    pub fn read_into<'a>(&self, buf: &'a mut [u8]) -> Result<&'a [u8], Errno> {
        let room = kernel::user_range().end.saturating_sub(self.addr);
        let limit = buf.len().min(room);
        // SAFETY: `addr..addr + limit` lies in the user range (checked at decoding, bounded
        // by its end above).
        match unsafe { uaccess::strncpy_from_user(&mut buf[..limit], self.addr) } {
            Ok(len) => Ok(&buf[..len]),
            Err(Errno::ENAMETOOLONG) if limit < buf.len() => Err(Errno::EFAULT),
            Err(e) => Err(e),
        }
    }
}

impl SyscallArg for UserCStr {
    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        UserCStr::new(words[0])
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{:#x}", words[0])
    }
}

impl fmt::Debug for UserCStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.addr)
    }
}

/// `len` consecutive `T`s the handler writes in user memory (an output or in-out buffer),
/// decoded from two register words and checked as [`UserSlice`] is.
///
/// The user side must pass `&mut [T]` (or an explicitly unsafe raw range), never a shared
/// slice: `read::call(0, b"literal")` does not compile.
pub struct UserSliceMut<T>(UserSlice<T>);

impl<T> Clone for UserSliceMut<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for UserSliceMut<T> {}

impl<T> UserSliceMut<T> {
    /// Checks `addr` and `len` (in elements) as a range of writable user memory.
    pub fn new(addr: usize, len: usize) -> Result<Self, Errno> {
        UserSlice::new(addr, len).map(UserSliceMut)
    }

    /// The user address of the first element.
    pub fn addr(&self) -> usize {
        self.0.addr
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.0.len
    }

    /// Whether the slice has no elements.
    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }

    /// The same range, for reading only.
    pub fn as_input(&self) -> UserSlice<T> {
        self.0
    }
}

impl<T: Pod> UserSliceMut<T> {
    /// Copies up to `dst.len()` elements in from user memory; returns how many were copied.
    pub fn read_into(&self, dst: &mut [T]) -> Result<usize, Errno> {
        self.0.read_into(dst)
    }

    /// Copies up to `self.len()` elements of `src` out to user memory; returns how many (fewer
    /// if a fault stopped the copy after the first element; `EFAULT` before it).
    pub fn write_from(&self, src: &[T]) -> Result<usize, Errno> {
        let n = src.len().min(self.0.len);
        // SAFETY: `T: Pod` has no padding, so `src[..n]` is initialised bytes.
        let bytes =
            unsafe { core::slice::from_raw_parts(src.as_ptr().cast::<u8>(), n * size_of::<T>()) };
        // SAFETY: a prefix of the range validated when the slice was made.
        let missed = unsafe { uaccess::copy_to_user(self.0.addr, bytes) };
        copied::<T>(n, missed)
    }
}

impl<T> SyscallArg for UserSliceMut<T> {
    const WORDS: usize = 2;

    fn from_words(words: &[usize]) -> Result<Self, Errno> {
        UserSliceMut::new(words[0], words[1])
    }

    fn trace(words: &[usize], out: &mut dyn fmt::Write) -> fmt::Result {
        UserSlice::<T>::trace(words, out)
    }
}

impl<T> fmt::Debug for UserSliceMut<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_pointers_are_efault() {
        assert_eq!(UserPtr::<u8>::new(0).err(), Some(Errno::EFAULT));
        assert_eq!(UserPtr::<u32>::new(0x2001).err(), Some(Errno::EFAULT));
        assert_eq!(
            UserPtr::<u8>::new(0xffff_8000_0000_0000).err(),
            Some(Errno::EFAULT)
        );
        assert_eq!(
            UserPtr::<u8>::new(0x0000_8000_0000_0000).err(),
            Some(Errno::EFAULT)
        );
        assert!(UserPtr::<u8>::new(0x2000).is_ok());
        assert_eq!(
            UserSlice::<u8>::new(0x2000, usize::MAX).err(),
            Some(Errno::EFAULT)
        );
        assert_eq!(
            UserSlice::<u64>::new(0x2000, usize::MAX / 4).err(),
            Some(Errno::EFAULT)
        );
        assert_eq!(
            UserSlice::<u8>::new(0x7fff_ffff_f000, 0x2000).err(),
            Some(Errno::EFAULT)
        );
        assert!(UserSlice::<u8>::new(0, 0).is_ok());
    }

    #[test]
    fn copies_go_through_the_kernel_range() {
        let src = [1u8, 2, 3, 4];
        let slice = UserSlice::<u8>::new(src.as_ptr() as usize, src.len()).unwrap();
        let mut dst = [0u8; 8];
        assert_eq!(slice.read_into(&mut dst), Ok(4));
        assert_eq!(&dst[..4], &src);
        let mut out = 0u32;
        let ptr = UserPtrMut::<u32>::new(&mut out as *mut u32 as usize).unwrap();
        ptr.write(0xdead_beef).unwrap();
        assert_eq!(ptr.read(), Ok(0xdead_beef));
        let mut buf = [0u8; 3];
        let out = UserSliceMut::<u8>::new(buf.as_mut_ptr() as usize, buf.len()).unwrap();
        assert_eq!(out.write_from(&src), Ok(3));
        assert_eq!(buf, [1, 2, 3]);
    }

    #[test]
    fn partial_copies_count_whole_elements() {
        assert_eq!(copied::<u8>(16, 0), Ok(16));
        assert_eq!(copied::<u8>(16, 4), Ok(12));
        assert_eq!(copied::<u32>(4, 6), Ok(2));
        assert_eq!(copied::<u32>(4, 13), Err(Errno::EFAULT));
        assert_eq!(copied::<u8>(4, 4), Err(Errno::EFAULT));
        assert_eq!(copied::<u8>(0, 0), Ok(0));
    }

    #[test]
    fn strings_copy_up_to_their_nul() {
        let s = b"name\0";
        let user = UserCStr::new(s.as_ptr() as usize).unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(user.read_into(&mut buf), Ok(&b"name"[..]));
        let mut short = [0u8; 4];
        assert_eq!(user.read_into(&mut short), Err(Errno::ENAMETOOLONG));
        assert_eq!(UserCStr::new(0).err(), Some(Errno::EFAULT));
        assert_eq!(
            UserCStr::new(0xffff_8000_0000_0000).err(),
            Some(Errno::EFAULT)
        );
    }
}
