//! Syscalls of the example kernel declared outside the kernel crate.
//!
//! They reach the dispatch table only because the kernel names this crate
//! (`use sysgate_example_kernel_extra as _;`): a crate nothing references is not linked.
//!
//! The user program depends on this crate too, for the typed stubs each declaration generates
//! (`write::call(1, msg)`). This crate depends on sysgate without its `kernel` feature, which
//! only the kernel turns on: built for the user program, the declarations produce only those
//! stubs and no handler registration reaches it.
#![no_std]

use core::sync::atomic::{AtomicPtr, AtomicU64, Ordering::Relaxed};

use sysgate::{Errno, UserSlice, syscall};

/// The kernel's console writer, set at boot with [`set_console`].
static CONSOLE: AtomicPtr<()> = AtomicPtr::new(core::ptr::null_mut());

/// Gives `write` the kernel's console (descriptors 1 and 2).
pub fn set_console(write: fn(&[u8])) {
    CONSOLE.store(write as *mut (), Relaxed);
}

fn console() -> Option<fn(&[u8])> {
    let f = CONSOLE.load(Relaxed);
    // SAFETY: only `set_console` stores a non-null value, and it is a `fn(&[u8])`.
    (!f.is_null()).then(|| unsafe { core::mem::transmute::<*mut (), fn(&[u8])>(f) })
}

/// Write bytes to the serial console (descriptors 1 and 2); a fault part-way returns the count
/// written before it.
#[syscall(nr = 1, category = "file")]
fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
    if fd != 1 && fd != 2 {
        return Err(Errno::EBADF);
    }
    let out = console().ok_or(Errno::EIO)?;
    let mut chunk = [0u8; 128];
    let mut done = 0;
    while done < buf.len() {
        let part = UserSlice::<u8>::new(buf.addr() + done, (buf.len() - done).min(chunk.len()))?;
        // Linux's partial-count semantics: what was written before a fault counts.
        let n = match part.read_into(&mut chunk) {
            Ok(n) => n,
            Err(e) if done == 0 => return Err(e),
            Err(_) => break,
        };
        out(&chunk[..n]);
        done += n;
        if n < part.len() {
            break;
        }
    }
    Ok(done)
}

/// The caller's process id.
#[syscall(nr = 39, category = "process")]
fn getpid() -> u32 {
    sysgate::kernel::current_pid()
}

static YIELDS: AtomicU64 = AtomicU64::new(0);

/// The parent's process id (the kernel: 0).
#[syscall(nr = 110, category = "process")]
fn getppid() -> u32 {
    0
}

/// Give up the CPU; returns how many yields happened before this one.
#[syscall(nr = 24, category = "process", fast)]
fn sched_yield() -> u64 {
    YIELDS.fetch_add(1, Relaxed)
}

/// Time since boot in the kernel clock's ticks (never 0 after boot).
#[syscall(nr = 201, category = "time")]
fn uptime() -> u64 {
    sysgate::kernel::now().max(1)
}
