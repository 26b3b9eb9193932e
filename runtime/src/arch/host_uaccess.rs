//! Hosted user access: "user" memory is this process's own, so the copies are plain and
//! nothing faults (see [`crate::uaccess`]).

/// See [`crate::uaccess::copy_from_user`].
pub(crate) unsafe fn copy_from_user(dst: *mut u8, src: usize, len: usize) -> usize {
    // SAFETY: the caller guarantees both ranges.
    unsafe { core::ptr::copy_nonoverlapping(src as *const u8, dst, len) };
    0
}

/// See [`crate::uaccess::copy_to_user`].
pub(crate) unsafe fn copy_to_user(dst: usize, src: *const u8, len: usize) -> usize {
    // SAFETY: the caller guarantees both ranges.
    unsafe { core::ptr::copy_nonoverlapping(src, dst as *mut u8, len) };
    0
}

/// See [`crate::uaccess::clear_user`].
pub(crate) unsafe fn clear_user(dst: usize, len: usize) -> usize {
    // SAFETY: the caller guarantees the range.
    unsafe { core::ptr::write_bytes(dst as *mut u8, 0, len) };
    0
}

/// The string's length without the NUL, or `count` if none is among the first `count` bytes.
pub(crate) unsafe fn strncpy_from_user(dst: *mut u8, src: usize, count: usize) -> isize {
    for i in 0..count {
        // SAFETY: the caller guarantees `count` bytes at both addresses.
        unsafe {
            let b = *(src as *const u8).add(i);
            *dst.add(i) = b;
            if b == 0 {
                return i as isize;
            }
        }
    }
    count as isize
}

/// No exception table on a host.
pub(crate) fn fixup(_pc: usize) -> Option<usize> {
    None
}
