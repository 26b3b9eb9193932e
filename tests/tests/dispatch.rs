//! Dispatch through handlers declared in another crate: results, errno mapping, bad input.

use sysgate::{Errno, dispatch};
use sysgate_test_handlers::{INPUT, MAX_ALLOC};

// The handler crate is referenced only for its registrations: without this line it would not
// be linked and its handlers would be missing (see `tests/unreferenced.rs`).
use sysgate_test_handlers as _;

fn call(nr: usize, args: &[usize]) -> isize {
    let mut words = [0; 6];
    words[..args.len()].copy_from_slice(args);
    dispatch(nr, words)
}

#[test]
fn init_reports_no_problem() {
    let table = sysgate::init().expect("the handler set is consistent");
    assert_eq!(table.len(), 14);
}

#[test]
fn good_calls_return_values() {
    assert_eq!(call(39, &[]), 42);
    assert_eq!(call(201, &[]), 1_700_000_000);
    assert_eq!(call(300, &[1, 2, 3, 4, 5, 6]), 21);
    assert_eq!(call(8, &[0, 10, 0]), 10);
    assert_eq!(call(8, &[0, 10, 2]), 110);
    assert_eq!(call(16, &[1, 0x5401, 1]), 1);
    assert_eq!(call(105, &[0]), 0);
    assert_eq!(call(60, &[(-3i32) as isize as usize]), 0);
}

#[test]
fn user_memory_is_copied_both_ways() {
    let mut buf = [0u8; 64];
    let n = call(0, &[0, buf.as_mut_ptr() as usize, buf.len()]);
    assert_eq!(n as usize, INPUT.len());
    assert_eq!(&buf[..INPUT.len()], INPUT);

    let msg = [7u8; 150];
    assert_eq!(call(1, &[1, msg.as_ptr() as usize, msg.len()]), 150);

    let mut cell = 0u64;
    assert_eq!(call(13, &[&mut cell as *mut u64 as usize, 99]), 0);
    assert_eq!(cell, 99);
}

#[test]
fn handler_errors_map_to_negative_errno() {
    let buf = [0u8; 4];
    let p = buf.as_ptr() as usize;
    assert_eq!(
        call(0, &[5, p, 4]),
        Errno::EBADF.to_ret(),
        "FsError::NotOpen"
    );
    assert_eq!(
        call(0, &[1, p, 4]),
        Errno::EACCES.to_ret(),
        "FsError::WrongMode"
    );
    assert_eq!(call(1, &[9, p, 4]), Errno::EBADF.to_ret());
    assert_eq!(call(9, &[0]), Errno::EINVAL.to_ret());
    assert_eq!(call(9, &[MAX_ALLOC + 1]), Errno::ENOMEM.to_ret());
    assert_eq!(call(22, &[]), Errno::EMFILE.to_ret());
    assert_eq!(call(44, &[1, p, 4, 0]), Errno::ENOTSOCK.to_ret());
    assert_eq!(call(105, &[1000]), Errno::EPERM.to_ret());
    assert_eq!(call(16, &[1, 7, 0]), Errno::ENOTTY.to_ret());
    assert_eq!(
        call(300, &[u64::MAX as usize, 1, 0, 0, 0, 0]),
        Errno::EOVERFLOW.to_ret()
    );
}

#[test]
fn bad_arguments_are_einval() {
    assert_eq!(
        call(1, &[1 << 32, 0, 0]),
        Errno::EINVAL.to_ret(),
        "fd above u32"
    );
    assert_eq!(
        call(8, &[0, 0, 3]),
        Errno::EINVAL.to_ret(),
        "unknown whence"
    );
    assert_eq!(call(8, &[0, -1i64 as usize, 0]), Errno::EINVAL.to_ret());
    assert_eq!(
        call(16, &[1, 0x5401, 2]),
        Errno::EINVAL.to_ret(),
        "bool other than 0/1"
    );
}

#[test]
fn bad_pointers_are_efault() {
    let kernel = 0xffff_8000_0000_1000usize;
    assert_eq!(call(0, &[0, kernel, 8]), Errno::EFAULT.to_ret());
    assert_eq!(
        call(1, &[1, usize::MAX - 3, 8]),
        Errno::EFAULT.to_ret(),
        "wrapping range"
    );
    assert_eq!(
        call(1, &[1, 0x1000, usize::MAX]),
        Errno::EFAULT.to_ret(),
        "huge length"
    );
    assert_eq!(call(13, &[0, 1]), Errno::EFAULT.to_ret(), "null");
    assert_eq!(
        call(13, &[0x2001, 1]),
        Errno::EFAULT.to_ret(),
        "misaligned u64"
    );
    assert_eq!(
        call(63, &[0x0000_8000_0000_0000, 8]),
        Errno::EFAULT.to_ret(),
        "non-canonical"
    );
    assert_eq!(call(1, &[1, 0, 0]), 0, "empty slices need no address");
}

#[test]
fn unknown_numbers_are_enosys_and_counted() {
    let before = sysgate::table::unknown_calls();
    for nr in [
        2,
        7,
        299,
        1023,
        1024,
        4096,
        usize::MAX,
        usize::MAX / 2,
        1 << 63,
    ] {
        assert_eq!(call(nr, &[1, 2, 3]), Errno::ENOSYS.to_ret(), "nr {nr}");
    }
    assert!(sysgate::table::unknown_calls() >= before + 9);
}

#[test]
fn statistics_slot_counts_calls_and_errors() {
    let info = sysgate::registry::get_syscall_info(22).unwrap();
    let (calls, errors) = (info.stats.calls(), info.stats.errors());
    call(22, &[]);
    call(22, &[]);
    assert!(info.stats.calls() >= calls + 2);
    assert!(info.stats.errors() >= errors + 2);
}
