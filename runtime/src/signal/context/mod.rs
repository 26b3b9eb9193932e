//! What a user signal frame saves of the interrupted code, one layout per architecture, and
//! the checks `rt_sigreturn` applies before it restores one.
//!
//! The layouts and their checks are portable (host unit tests build forged frames); the
//! conversions from and to the saved trap frame live in `arch/<arch>/signal.rs`.

mod aarch64;
mod riscv64;
mod x86_64;

use core::ops::Range;

pub use aarch64::Aarch64Context;
pub use riscv64::Riscv64Context;
pub use x86_64::X86_64Context;

/// Why `rt_sigreturn` refused a frame: it would resume somewhere user code may not run, or
/// with privileged state. The kernel ends the thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forged {
    /// The frame is not in readable user memory.
    Unreadable,
    /// The frame's recorded size is not the size of a frame (the value shows it).
    Size(u64),
    /// The saved status word sets a bit user code does not own (the value shows which).
    PrivilegedBits(u64),
    /// The saved FP state would fault when loaded (the value shows the bad control word).
    FpState(u64),
    /// The saved PC or stack pointer lies outside the user range.
    OutsideUser(u64),
}

/// The interrupted user context as one architecture saves it in a signal frame.
pub trait UserContext: Copy {
    /// Bytes below the interrupted stack pointer that code may use without moving it (the
    /// x86_64 System V red zone); the frame goes below them.
    const RED_ZONE: usize;
    /// Bytes the handler's return pops off the frame (x86_64 `ret` pops its return address);
    /// `rt_sigreturn` finds the frame that far below the stack pointer it is called with.
    const POPPED: usize;

    /// The interrupted stack pointer.
    fn sp(&self) -> u64;

    /// Whether the context may be restored: user mode, unprivileged status bits, PC and stack
    /// pointer in `user`.
    fn validate(&self, user: &Range<usize>) -> Result<(), Forged>;
}

/// `Ok` if `pc` and `sp` both lie in `user` (a stack pointer may equal its end).
fn check_user(pc: u64, sp: u64, user: &Range<usize>) -> Result<(), Forged> {
    let inside = |v: u64| user.contains(&(v as usize)) || v as usize == user.end;
    if !user.contains(&(pc as usize)) {
        return Err(Forged::OutsideUser(pc));
    }
    if !inside(sp) {
        return Err(Forged::OutsideUser(sp));
    }
    Ok(())
}

/// `Ok` if `status` has no bit of `privileged` set.
fn check_bits(status: u64, privileged: u64) -> Result<(), Forged> {
    match status & privileged {
        0 => Ok(()),
        bits => Err(Forged::PrivilegedBits(bits)),
    }
}
