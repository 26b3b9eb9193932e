//! Typed user-side stubs generated from the handler declarations: on the host they reach the
//! handlers through `dispatch`, so both sides of each declaration are exercised together.

use sysgate::Errno;
use sysgate::stub::Raw;
use sysgate_test_handlers::{
    INPUT, Whence, getpid, ioctl, lseek, mmap, poke, read, sum6, uname, write,
};

#[test]
fn stubs_carry_the_declared_numbers() {
    assert_eq!(read::NR, 0);
    assert_eq!(write::NR, 1);
    assert_eq!(getpid::NR, 39);
    assert_eq!(sum6::NR, 300);
}

#[test]
fn typed_calls_round_trip() {
    assert_eq!(getpid::call(), Ok(42));
    assert_eq!(write::call(1, b"typed"), Ok(5));
    assert_eq!(write::call(7, b"typed"), Err(Errno::EBADF));
    let mut buf = [0u8; 64];
    let n = read::call(0, &mut buf[..]).unwrap();
    assert_eq!(&buf[..n], INPUT);
    assert_eq!(lseek::call(0, 10, Whence::End), Ok(110));
    assert_eq!(lseek::call(0, -1, Whence::Set), Err(Errno::EINVAL));
    assert_eq!(ioctl::call(1, 0x5401, true), Ok(1));
    assert_eq!(sum6::call(1, 2, 3, 4, 5, 6), Ok(21));
    assert_eq!(mmap::call(0), Err(Errno::EINVAL));
    let mut cell = 0u64;
    assert_eq!(poke::call(&mut cell, 5), Ok(()));
    assert_eq!(cell, 5);
    let mut name = [0u8; 16];
    assert_eq!(uname::call(&mut name), Ok(7));
    assert_eq!(&name[..7], b"sysgate");
}

#[test]
fn raw_addresses_still_get_efault() {
    // SAFETY: addresses the kernel refuses before any copy.
    let (kernel, null) = unsafe { (Raw::slice(0xffff_8000_0000_0000, 4), Raw::ptr(0)) };
    assert_eq!(write::call(1, kernel), Err(Errno::EFAULT));
    assert_eq!(poke::call(null, 1), Err(Errno::EFAULT));
}
