//! Decoding an exception and routing it: `svc #0` from EL0 to `dispatch`, the rest to the kernel.

use core::fmt;

use super::{TrapFrame, hooks, irq};

/// Exception class of `svc` executed in AArch64 state.
const EC_SVC64: u64 = 0x15;
/// The vector index of a synchronous exception from AArch64 EL0 (group 2, entry 0).
const USER_SYNCHRONOUS: u64 = 8;

/// Where the exception came from: which of the four groups of the vector table took it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// EL1 running on `SP_EL0`.
    KernelSpEl0,
    /// EL1 running on `SP_EL1` (the kernel).
    Kernel,
    /// EL0 in AArch64 state (user code).
    User,
    /// EL0 in AArch32 state.
    User32,
}

/// The kind of exception: the entry within a group of the vector table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// Synchronous: `svc`, aborts, undefined instructions, breakpoints, …
    Synchronous,
    /// IRQ.
    Irq,
    /// FIQ.
    Fiq,
    /// System error.
    SError,
}

/// A decoded exception, as the kernel's [`EntryHooks::trap`](super::EntryHooks::trap) receives it.
#[derive(Clone, Copy, Debug)]
pub struct Trap {
    /// The vector group that took it.
    pub origin: Origin,
    /// The entry within the group.
    pub kind: TrapKind,
    /// `ESR_EL1` (meaningful for synchronous exceptions and SErrors).
    pub esr: u64,
    /// `FAR_EL1` (meaningful for aborts and alignment faults).
    pub far: u64,
}

impl Trap {
    fn from_vector(index: u64, frame: &TrapFrame) -> Self {
        const ORIGINS: [Origin; 4] = [
            Origin::KernelSpEl0,
            Origin::Kernel,
            Origin::User,
            Origin::User32,
        ];
        const KINDS: [TrapKind; 4] = [
            TrapKind::Synchronous,
            TrapKind::Irq,
            TrapKind::Fiq,
            TrapKind::SError,
        ];
        Self {
            origin: ORIGINS[(index as usize / 4) % 4],
            kind: KINDS[index as usize % 4],
            esr: frame.esr,
            far: frame.far,
        }
    }

    /// The exception class, `ESR_EL1[31:26]`.
    pub fn class(&self) -> u64 {
        (self.esr >> 26) & 0x3f
    }

    /// Whether this is a syscall: a synchronous `svc #0` from AArch64 EL0.
    pub fn is_syscall(&self) -> bool {
        self.origin == Origin::User
            && self.kind == TrapKind::Synchronous
            && self.class() == EC_SVC64
            && self.esr & 0xffff == 0
    }

    /// A short description of the exception class.
    pub fn class_name(&self) -> &'static str {
        match self.class() {
            0x00 => "unknown reason (undefined instruction)",
            0x01 => "trapped WFI/WFE",
            0x07 => "SIMD/FP access trap",
            0x0e => "illegal execution state",
            0x15 => "SVC instruction",
            0x18 => "trapped MSR/MRS/system instruction",
            0x20 => "instruction abort from a lower EL",
            0x21 => "instruction abort from the same EL",
            0x22 => "PC alignment fault",
            0x24 => "data abort from a lower EL",
            0x25 => "data abort from the same EL",
            0x26 => "SP alignment fault",
            0x2c => "floating-point exception",
            0x2f => "SError",
            0x30 | 0x31 => "breakpoint",
            0x32 | 0x33 => "software step",
            0x34 | 0x35 => "watchpoint",
            0x3c => "BRK instruction",
            _ => "other exception class",
        }
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} exception from {:?}", self.kind, self.origin)?;
        if matches!(self.kind, TrapKind::Synchronous | TrapKind::SError) {
            write!(
                f,
                ": {} (EC {:#04x}, ISS {:#x}), FAR {:#x}",
                self.class_name(),
                self.class(),
                self.esr & 0x1ff_ffff,
                self.far
            )?;
        }
        Ok(())
    }
}

/// Called by the vectors with the saved frame and the vector index (0..16). A syscall runs with
/// IRQs unmasked if EL0 ran with them ([`crate::thread`]); every return to EL0 runs the exit
/// loop with them masked.
pub(super) extern "C" fn handle(frame: &mut TrapFrame, vector: u64) {
    // A syscall is told from the vector and the syndrome (class SVC, immediate 0); only other
    // exceptions are decoded.
    if vector == USER_SYNCHRONOUS && frame.esr & 0xfc00_ffff == EC_SVC64 << 26 {
        frame.orig_x0 = frame.x[0];
        irq::enable_for_handler(frame);
        frame.x[0] =
            crate::dispatch::dispatch_saved(frame.x[8] as usize, frame.syscall_args()) as u64;
        irq::mask_interrupts();
        exit_to_user(frame);
        return;
    }
    let trap = Trap::from_vector(vector, frame);
    hooks::trap(&trap, frame);
    if matches!(trap.origin, Origin::User | Origin::User32) {
        // The kernel's trap hook may have enabled interrupts.
        irq::mask_interrupts();
        exit_to_user(frame);
    }
}

/// The exit loop before a return to EL0, interrupts masked: the kernel's
/// [`exit_to_user`](super::EntryHooks::exit_to_user) while the current thread has work.
fn exit_to_user(frame: &mut TrapFrame) {
    crate::thread::exit_loop_masked(|work| hooks::exit_to_user(frame, work));
}
