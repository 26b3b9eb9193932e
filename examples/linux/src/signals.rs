//! Signal dispositions: recorded, never delivered (nothing here sends a signal).

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use sysgate::{Errno, syscall};

use crate::arch;
use crate::args::UserAddr;

/// Signals 1 to 64.
const SIGNALS: usize = 64;

/// The handler address each signal was given (0: default).
static HANDLERS: [AtomicUsize; SIGNALS] = [const { AtomicUsize::new(0) }; SIGNALS];

/// Every signal back to its default disposition (a new process).
pub fn reset() {
    HANDLERS.iter().for_each(|h| h.store(0, Relaxed));
}

/// The signals given a disposition other than the default, with the handler address.
pub fn recorded_handlers() -> impl Iterator<Item = (usize, usize)> {
    HANDLERS
        .iter()
        .enumerate()
        .map(|(i, h)| (i + 1, h.load(Relaxed)))
        .filter(|&(_, h)| h != 0)
}

/// Set and get a signal's disposition: the new handler is recorded, the old one returned.
#[syscall(table = crate::LINUX, nr(x86_64 = 13, aarch64 = 134, riscv64 = 134), category = "process")]
fn rt_sigaction(
    signum: i32,
    act: UserAddr,
    oldact: UserAddr,
    sigsetsize: usize,
) -> Result<(), Errno> {
    let slot = usize::try_from(signum)
        .ok()
        .and_then(|s| s.checked_sub(1))
        .and_then(|i| HANDLERS.get(i))
        .ok_or(Errno::EINVAL)?;
    if sigsetsize != 8 {
        return Err(Errno::EINVAL);
    }
    let mut handler = [0u8; 8];
    if !act.is_null() {
        sysgate::UserSlice::<u8>::new(act.0, 8)?.read_into(&mut handler)?;
    }
    let old = if act.is_null() {
        slot.load(Relaxed)
    } else {
        slot.swap(usize::from_le_bytes(handler), Relaxed)
    };
    if !oldact.is_null() {
        let mut out = [0u8; arch::SIGACTION_SIZE];
        out[..8].copy_from_slice(&old.to_le_bytes());
        oldact.write(&out)?;
    }
    Ok(())
}

/// Change the blocked signals: accepted (no signal is ever delivered); the old set is empty.
#[syscall(table = crate::LINUX, nr(x86_64 = 14, aarch64 = 135, riscv64 = 135), category = "process")]
fn rt_sigprocmask(
    how: i32,
    set: UserAddr,
    oldset: UserAddr,
    sigsetsize: usize,
) -> Result<(), Errno> {
    let _ = (how, set);
    if sigsetsize != 8 {
        return Err(Errno::EINVAL);
    }
    if !oldset.is_null() {
        oldset.write(&[0; 8])?;
    }
    Ok(())
}
