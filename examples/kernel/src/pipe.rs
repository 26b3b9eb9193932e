//! A pipe inside the user program: reads wait for data, and a signal interrupts the wait
//! (`ERESTARTSYS`: restarted if the handler has `SA_RESTART`, `EINTR` if not).

use core::sync::atomic::{AtomicU8, AtomicUsize, Ordering::Relaxed};

use sysgate::{Errno, UserSlice, UserSliceMut, syscall};

use crate::signals;

/// Bytes the pipe holds at most.
const CAPACITY: usize = 16;

/// The buffered bytes, `LEN` of them. One CPU and one user thread: a handler runs alone.
static BUFFER: [AtomicU8; CAPACITY] = [const { AtomicU8::new(0) }; CAPACITY];
static LEN: AtomicUsize = AtomicUsize::new(0);

/// Write up to 16 bytes into the pipe; `EAGAIN` when it is full.
#[syscall(nr = 521, category = "ipc")]
fn pipe_write(data: UserSlice<u8>) -> Result<usize, Errno> {
    let len = LEN.load(Relaxed);
    let n = data.len().min(CAPACITY - len);
    if n == 0 && !data.is_empty() {
        return Err(Errno::EAGAIN);
    }
    let mut bytes = [0u8; CAPACITY];
    data.read_into(&mut bytes[..n])?;
    for (slot, byte) in BUFFER[len..len + n].iter().zip(bytes) {
        slot.store(byte, Relaxed);
    }
    LEN.store(len + n, Relaxed);
    Ok(n)
}

/// Read what the pipe holds, waiting while it is empty. A signal ends the wait with
/// `ERESTARTSYS`; with nothing that could ever write or signal (no alarm armed) the wait
/// would never end, so it is `EAGAIN` and the backoff retries.
#[syscall(
    nr = 520,
    category = "ipc",
    recovery = "backoff",
    retries = 1,
    base_us = 10,
    cap_us = 10
)]
fn pipe_read(buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    loop {
        let len = LEN.load(Relaxed);
        if len > 0 {
            let bytes: [u8; CAPACITY] = core::array::from_fn(|i| BUFFER[i].load(Relaxed));
            let n = len.min(buf.len());
            buf.write_from(&bytes[..n])?;
            for (slot, &byte) in BUFFER.iter().zip(&bytes[n..len]) {
                slot.store(byte, Relaxed);
            }
            LEN.store(len - n, Relaxed);
            return Ok(n);
        }
        if signals::interrupted() {
            return Err(signals::restarting(Errno::ERESTARTSYS));
        }
        if !signals::alarm_armed() {
            return Err(Errno::EAGAIN);
        }
        core::hint::spin_loop();
    }
}

/// Empties the pipe: each run of the user program starts with none.
pub fn reset() {
    LEN.store(0, Relaxed);
}
