//! The kernel's system calls, declared with `#[syscall]` (Linux x86_64 numbers where one exists).

use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use sysgate::policy::{self, Promises, Violation};
use sysgate::{Category, Errno, UserCStr, UserSlice, UserSliceMut, syscall};

use crate::arch::{self, UserExit};
use crate::heap;

/// The bytes the first `read(0, …)` returns; later reads find no input.
const INPUT: &[u8] = b"ping\n";
static INPUT_TAKEN: AtomicBool = AtomicBool::new(false);

/// Checks reported by the user program: passed and failed.
pub static PASSED: AtomicUsize = AtomicUsize::new(0);
/// See [`PASSED`].
pub static FAILED: AtomicUsize = AtomicUsize::new(0);

/// The sensor on descriptor 4 has a reading every third poll.
static SENSOR_POLLS: AtomicUsize = AtomicUsize::new(0);

/// Read bytes from a descriptor: standard input has one line, then nothing (`EAGAIN`); the
/// sensor on descriptor 4 is ready every third poll, so backing off and retrying succeeds.
#[syscall(
    nr = 0,
    category = "file",
    recovery = "backoff",
    retries = 2,
    base_us = 10,
    cap_us = 40
)]
fn read(fd: u32, buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    let data: &[u8] = match fd {
        0 if INPUT_TAKEN.swap(true, Relaxed) => return Err(Errno::EAGAIN),
        0 => INPUT,
        4 if SENSOR_POLLS.fetch_add(1, Relaxed) % 3 != 2 => return Err(Errno::EAGAIN),
        4 => b"42",
        _ => return Err(Errno::EBADF),
    };
    let n = data.len().min(buf.len());
    buf.write_from(&data[..n])
}

/// Bytes of user memory `alloc` can hand out without reclaiming the kernel's cache.
#[syscall(nr = 99, category = "memory")]
fn meminfo() -> usize {
    heap::available()
}

/// Set the host name: privileged; granted to the user program by escalation.
#[syscall(nr = 170, category = "system", recovery = "escalate")]
fn sethostname(name: UserSlice<u8>) -> Result<usize, Errno> {
    if !sysgate::recovery::escalated() {
        return Err(Errno::EPERM);
    }
    let mut host = [0u8; 64];
    name.read_into(&mut host[..name.len().min(64)])
}

/// Fill a buffer with random bytes; only `flags = 0` is implemented, other flags go to the
/// older `getrandom_compat`.
#[syscall(nr = 318, category = "system", recovery = "fallback", fallback = getrandom_compat)]
fn getrandom(buf: UserSliceMut<u8>, flags: u32) -> Result<usize, Errno> {
    if flags != 0 {
        return Err(Errno::EINVAL);
    }
    fill_random(buf)
}

/// The compatibility `getrandom`: ignores the flags.
fn getrandom_compat(buf: UserSliceMut<u8>, flags: u32) -> Result<usize, Errno> {
    let _ = flags;
    fill_random(buf)
}

fn fill_random(buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    let mut x = arch::cycles() | 1;
    let mut bytes = [0u8; 64];
    let n = buf.len().min(bytes.len());
    for b in &mut bytes[..n] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    buf.write_from(&bytes[..n])
}

/// Allocate `len` bytes of user memory; `ENOMEM` once the pool (and its cache) is spent.
#[syscall(nr = 9, category = "memory", recovery = "free_memory", retries = 1)]
fn alloc(len: usize) -> Result<usize, Errno> {
    if len == 0 {
        return Err(Errno::EINVAL);
    }
    heap::alloc(len)
}

/// End the calling program with `code`.
#[syscall(nr = 60, category = "process")]
fn exit(code: usize) {
    arch::end_user(UserExit::Exited(code))
}

/// Power off the machine: privileged, so user programs get `EPERM` unless escalation is granted.
#[syscall(nr = 169, category = "system", recovery = "escalate")]
fn reboot(magic: u32) -> Result<(), Errno> {
    let _ = magic;
    if sysgate::kernel::current_pid() != 0 {
        return Err(Errno::EPERM);
    }
    arch::exit(true)
}

/// Report one check of the user program: prints PASS or FAIL with the values seen.
#[syscall(nr = 500, category = "system")]
fn check(name: UserSlice<u8>, got: i64, expected: i64) -> Result<bool, Errno> {
    let mut text = [0u8; 192];
    let n = name.read_into(&mut text[..name.len().min(192)])?;
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

/// The length of the NUL-terminated name at `name` (at most 31 bytes), copied with
/// `strncpy_from_user` semantics: `ENAMETOOLONG` without a NUL in 32 bytes, `EFAULT` if it
/// runs into unmapped memory first.
#[syscall(nr = 511, category = "file")]
fn namelen(name: UserCStr) -> Result<usize, Errno> {
    let mut buf = [0u8; 32];
    Ok(name.read_into(&mut buf)?.len())
}

/// Deliberately wrong, for one check: reads the user byte at `addr` directly instead of
/// through a copy. SMAP, PAN or SUM stops it; the kernel reports the bug and goes on.
#[syscall(nr = 512, category = "system")]
fn peek_unchecked(addr: usize) -> u8 {
    // SAFETY: none; the access is meant to be refused by the CPU.
    unsafe { core::ptr::read_volatile(addr as *const u8) }
}
