//! Decoding a trap and routing it: `ecall` from U-mode to `dispatch`, the rest to the kernel.

use core::fmt;

use super::{TrapFrame, hooks, irq};
use crate::SyscallArgs;

/// `scause` of an environment call from U-mode.
pub(super) const CAUSE_USER_ECALL: u64 = 8;
/// `sstatus.SPP`: set when the trap came from S-mode.
const SSTATUS_SPP: u64 = 1 << 8;
/// `scause` bit 63: the trap is an interrupt.
const CAUSE_INTERRUPT: u64 = 1 << 63;

/// A decoded trap, as the kernel's [`EntryHooks::trap`](super::EntryHooks::trap) receives it.
#[derive(Clone, Copy, Debug)]
pub struct Trap {
    /// `scause`.
    pub scause: u64,
    /// `stval`.
    pub stval: u64,
    /// Whether the trap came from U-mode (`sstatus.SPP` clear).
    pub from_user: bool,
}

impl Trap {
    fn from_frame(frame: &TrapFrame) -> Self {
        Self {
            scause: frame.scause,
            stval: frame.stval,
            from_user: frame.sstatus & SSTATUS_SPP == 0,
        }
    }

    /// Whether this is an interrupt rather than an exception.
    pub fn is_interrupt(&self) -> bool {
        self.scause & CAUSE_INTERRUPT != 0
    }

    /// The exception or interrupt code (`scause` without the interrupt bit).
    pub fn code(&self) -> u64 {
        self.scause & !CAUSE_INTERRUPT
    }

    /// Whether this is a syscall: `ecall` from U-mode.
    pub fn is_syscall(&self) -> bool {
        self.scause == CAUSE_USER_ECALL && self.from_user
    }

    /// A short description of the cause.
    pub fn cause_name(&self) -> &'static str {
        match (self.is_interrupt(), self.code()) {
            (true, 1) => "supervisor software interrupt",
            (true, 5) => "supervisor timer interrupt",
            (true, 9) => "supervisor external interrupt",
            (true, _) => "other interrupt",
            (false, 0) => "instruction address misaligned",
            (false, 1) => "instruction access fault",
            (false, 2) => "illegal instruction",
            (false, 3) => "breakpoint",
            (false, 4) => "load address misaligned",
            (false, 5) => "load access fault",
            (false, 6) => "store/AMO address misaligned",
            (false, 7) => "store/AMO access fault",
            (false, 8) => "environment call from U-mode",
            (false, 9) => "environment call from S-mode",
            (false, 12) => "instruction page fault",
            (false, 13) => "load page fault",
            (false, 15) => "store/AMO page fault",
            (false, _) => "other exception",
        }
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = if self.from_user { "U-mode" } else { "S-mode" };
        write!(
            f,
            "trap from {mode}: {} (scause {:#x}), stval {:#x}",
            self.cause_name(),
            self.scause,
            self.stval
        )
    }
}

/// Called by the vector for an `ecall` from U-mode with the arguments where it saved them (the
/// frame's `a0..a5`) in `a0` and the number left where the caller put it, in `a7` (`a1..a6`
/// are the registers between, zeroed), after it advanced `sepc` past the `ecall` and enabled
/// interrupts if the kernel lets the user context run with them (`SPIE`, [`crate::thread`]):
/// the dispatch, whose thunk returns the result straight to the vector (a tail call, no frame
/// kept here). The vector masks interrupts and checks the current thread's work word itself,
/// calling [`syscall_exit`] only when there is work.
#[allow(
    clippy::too_many_arguments,
    reason = "the number arrives in the eighth register"
)]
pub(super) extern "C" fn syscall(
    args: &SyscallArgs,
    _a1: usize,
    _a2: usize,
    _a3: usize,
    _a4: usize,
    _a5: usize,
    _a6: usize,
    nr: usize,
) -> isize {
    crate::dispatch::dispatch_saved(nr, args)
}

/// Called by the vector after a syscall, interrupts masked, when the current thread's work word
/// was not empty: the exit loop.
pub(super) extern "C" fn syscall_exit(frame: &mut TrapFrame) {
    crate::thread::exit_loop(|work| hooks::exit_to_user(frame, work));
}

/// Called by the vector with the saved frame of every other trap; a trap from U-mode runs the
/// exit loop before it returns there.
pub(super) extern "C" fn handle(frame: &mut TrapFrame) {
    let trap = Trap::from_frame(frame);
    hooks::trap(&trap, frame);
    if trap.from_user {
        // The kernel's trap hook may have enabled interrupts.
        irq::mask_interrupts();
        exit_to_user(frame);
    }
}

/// The exit loop before a return to U-mode, interrupts masked: the kernel's
/// [`exit_to_user`](super::EntryHooks::exit_to_user) while the current thread has work.
fn exit_to_user(frame: &mut TrapFrame) {
    crate::thread::exit_loop_masked(|work| hooks::exit_to_user(frame, work));
}
