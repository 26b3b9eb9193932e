//! The kernel's system calls, declared with `#[syscall]` (Linux x86_64 numbers where one exists).

use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use sysgate::policy::{self, Promises, Violation};
use sysgate::{Category, Errno, UserSlice, syscall};

use crate::{arch, heap};

/// The bytes the first `read(0, …)` returns; later reads find no input.
const INPUT: &[u8] = b"ping\n";
static INPUT_TAKEN: AtomicBool = AtomicBool::new(false);

/// Checks reported by the user program: passed and failed.
pub static PASSED: AtomicUsize = AtomicUsize::new(0);
/// See [`PASSED`].
pub static FAILED: AtomicUsize = AtomicUsize::new(0);

/// Read bytes from a descriptor; standard input has one line, then nothing (`EAGAIN`).
#[syscall(
    nr = 0,
    category = "file",
    recovery = "backoff",
    retries = 2,
    base_us = 10,
    cap_us = 40
)]
fn read(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
    if fd != 0 {
        return Err(Errno::EBADF);
    }
    if INPUT_TAKEN.swap(true, Relaxed) {
        return Err(Errno::EAGAIN);
    }
    let n = INPUT.len().min(buf.len());
    buf.write_from(&INPUT[..n])
}

/// Write bytes to the serial console (descriptors 1 and 2).
#[syscall(nr = 1, category = "file")]
fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
    if fd != 1 && fd != 2 {
        return Err(Errno::EBADF);
    }
    let mut chunk = [0u8; 128];
    let mut done = 0;
    while done < buf.len() {
        let part = UserSlice::<u8>::new(buf.addr() + done, (buf.len() - done).min(chunk.len()))?;
        let n = part.read_into(&mut chunk)?;
        arch::console_write(&chunk[..n]);
        done += n;
    }
    Ok(done)
}

/// Allocate `len` bytes of user memory; `ENOMEM` once the pool (and its cache) is spent.
#[syscall(nr = 9, category = "memory", recovery = "free_memory", retries = 1)]
fn alloc(len: usize) -> Result<usize, Errno> {
    if len == 0 {
        return Err(Errno::EINVAL);
    }
    heap::alloc(len)
}

/// The caller's process id.
#[syscall(nr = 39, category = "process")]
fn getpid() -> u32 {
    sysgate::platform::get().current_pid()
}

/// End the calling program with `code`.
#[syscall(nr = 60, category = "process")]
fn exit(code: usize) {
    arch::end_user(code)
}

/// Power off the machine: privileged, so user programs get `EPERM` unless escalation is granted.
#[syscall(nr = 169, category = "system", recovery = "escalate")]
fn reboot(magic: u32) -> Result<(), Errno> {
    let _ = magic;
    if sysgate::platform::get().current_pid() != 0 {
        return Err(Errno::EPERM);
    }
    arch::exit(true)
}

/// Report one check of the user program: prints PASS or FAIL with the values seen.
#[syscall(nr = 500, category = "system")]
fn check(name: UserSlice<u8>, got: i64, expected: i64) -> Result<bool, Errno> {
    let mut text = [0u8; 96];
    let n = name.read_into(&mut text[..name.len().min(96)])?;
    let name = core::str::from_utf8(&text[..n]).map_err(|_| Errno::EINVAL)?;
    let ok = got == expected;
    if ok {
        PASSED.fetch_add(1, Relaxed);
        crate::println!("PASS  {name} = {got}");
    } else {
        FAILED.fetch_add(1, Relaxed);
        crate::println!("FAIL  {name} = {got}, expected {expected}");
    }
    Ok(ok)
}

/// Do nothing (instrumented): the benchmark's framework round trip.
#[syscall(nr = 501, category = "system")]
fn null() {}

/// Do nothing, without instrumentation (`fast`).
#[syscall(nr = 502, category = "system", fast)]
fn null_fast() {}

/// Narrow the caller's promises to the categories whose bits are set (bit i is
/// `Category::ALL[i]`); asking for a category not promised is `EPERM`.
#[syscall(nr = 510, category = "security")]
fn pledge(bits: u16) -> Result<(), Errno> {
    let mut wanted = [Category::File; Category::ALL.len()];
    let mut n = 0;
    for c in Category::ALL {
        if bits & (1 << c.index()) != 0 {
            wanted[n] = c;
            n += 1;
        }
    }
    policy::current().pledge(Promises::of(&wanted[..n]), Violation::Deny)
}
