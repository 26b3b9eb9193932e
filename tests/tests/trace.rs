//! strace-style tracing: a known sequence of calls renders as an exact transcript.
//!
//! One test function: the trace switches and ring are global to the process.

use sysgate::trace::{self, Timestamps};
use sysgate_test_handlers::{
    Whence, getpid, ioctl, lseek, mmap, poke, read, setuid, sum6, time, write,
};

static MSG: &[u8] = b"hello";

fn transcript() -> String {
    let mut out = String::new();
    trace::write_trace(&mut out, Timestamps::Hidden).unwrap();
    out
}

#[test]
fn known_calls_give_the_expected_transcript() {
    trace::disable_all();
    trace::clear();
    getpid::call().unwrap();
    assert_eq!(trace::recorded(), 0, "nothing is traced while off");

    trace::enable();
    let mut buf = [0u8; 16];
    let _ = getpid::call();
    let _ = write::call(1, MSG);
    let _ = write::call(7, MSG);
    let _ = read::call(5, &mut buf[..]);
    let _ = lseek::call(0, -1, Whence::Set);
    let _ = lseek::call(1, 7, Whence::End);
    let _ = ioctl::call(1, 0x5401, true);
    // SAFETY: a null pointer, refused before any copy.
    let _ = poke::call(unsafe { sysgate::stub::Raw::ptr(0) }, 1);
    let _ = time::call(); // `fast`: never traced
    let _ = setuid::call(5);
    let _ = sum6::call(1, 2, 3, 4, 5, 6);
    let _ = mmap::call(4096);
    let _ = sysgate::dispatch(0x1234_5678, [1, 2, 3, 4, 5, 6]);
    trace::disable();
    let _ = getpid::call();

    // One syscall selected while the global switch is off.
    assert!(trace::trace_syscall(getpid::NR, true));
    let _ = getpid::call();
    let _ = write::call(1, MSG);
    assert!(trace::trace_syscall(getpid::NR, false));
    let _ = getpid::call();

    let msg = MSG.as_ptr() as usize;
    let buf = buf.as_ptr() as usize;
    let expected = format!(
        "getpid() = 42
write(fd=1, buf={msg:#x}[5]) = 5
write(fd=7, buf={msg:#x}[5]) = -1 EBADF (Bad file descriptor)
read(fd=5, buf={buf:#x}[16]) = -1 EBADF (Bad file descriptor)
lseek(fd=0, offset=-1, whence=Set) = -1 EINVAL (Invalid argument)
lseek(fd=1, offset=7, whence=End) = 107
ioctl(fd=1, request=21505, enable=true) = 1
poke(dst=0x0, value=1) = -1 EFAULT (Bad address)
setuid(uid=5) = -1 EPERM (Operation not permitted)
sum6(a=1, b=2, c=3, d=4, e=5, f=6) = 21
mmap(len=4096) = 123145302306816
syscall_0x12345678(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)
getpid() = 42
"
    );
    assert_eq!(transcript(), expected);
    assert_eq!((trace::recorded(), trace::lost()), (13, 0));
    let seqs: Vec<u64> = trace::records().map(|r| r.seq).collect();
    assert_eq!(seqs, (0..13).collect::<Vec<_>>());

    let mut timed = String::new();
    trace::write_trace(&mut timed, Timestamps::Relative).unwrap();
    let first = timed.lines().next().unwrap();
    assert_eq!(
        first.split_whitespace().collect::<Vec<_>>()[..2],
        ["0", "getpid()"]
    );

    // The ring keeps the newest CAPACITY records and counts the rest.
    trace::clear();
    trace::enable();
    for _ in 0..trace::CAPACITY + 10 {
        let _ = getpid::call();
    }
    trace::disable();
    assert_eq!(trace::records().count(), trace::CAPACITY);
    assert_eq!(trace::lost(), 10);
    assert_eq!(trace::records().next().unwrap().seq, 10);
    trace::clear();
}
