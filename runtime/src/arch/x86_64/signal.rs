//! Signals on x86_64: the restart registers of a syscall frame, entering a user handler
//! through a [`SignalFrame`] and `rt_sigreturn`'s checked restore, after Linux's
//! `arch/x86/kernel/signal.c`.
//!
//! The frame is a syscall's; its return leaves `rcx` and `r11` as the frame holds them (the
//! entry returns with `iretq` when they are not the `sysretq` values), so a context an
//! interrupt stopped anywhere comes back whole. The x87/SSE state goes into the frame with
//! `fxsave64` and comes back with `fxrstor64` (the kernel never touches it in between).

use core::ops::Range;

use super::SyscallFrame;
use super::user_fp::{FxArea, restore_user_fp, save_user_fp};
use crate::Errno;
use crate::signal::context::X86_64Context;
use crate::signal::{Delivery, Forged, SignalFrame, SyscallRegisters};

/// `syscall` is one 2-byte instruction before the return address.
const SYSCALL_LEN: u64 = 2;

impl SyscallRegisters for SyscallFrame {
    fn syscall_nr(&self) -> usize {
        self.orig_rax as usize
    }

    fn result(&self) -> isize {
        self.rax as isize
    }

    fn set_result(&mut self, ret: isize) {
        self.rax = ret as u64;
    }

    /// x86_64 keeps every argument register; `rax` gets the number back.
    fn rewind(&mut self) {
        self.rip -= SYSCALL_LEN;
        self.rax = self.orig_rax;
    }

    fn set_syscall_nr(&mut self, nr: usize) {
        self.orig_rax = nr as u64;
        self.rax = nr as u64;
    }
}

/// The interrupted user context in `frame`, x87/SSE state included.
fn save(f: &SyscallFrame) -> X86_64Context {
    let mut fx = FxArea([0; 64]);
    save_user_fp(&mut fx);
    X86_64Context {
        r8: f.r8,
        r9: f.r9,
        r10: f.r10,
        r11: f.r11,
        r12: f.r12,
        r13: f.r13,
        r14: f.r14,
        r15: f.r15,
        rdi: f.rdi,
        rsi: f.rsi,
        rbp: f.rbp,
        rbx: f.rbx,
        rdx: f.rdx,
        rax: f.rax,
        rcx: f.rcx,
        rsp: f.rsp,
        rip: f.rip,
        rflags: f.rflags,
        fx: fx.0,
    }
}

/// Makes `frame` resume `ctx` (validated); `cs`, `ss` and `RFLAGS.IF` stay as the kernel has
/// them for user code.
fn restore(f: &mut SyscallFrame, c: &X86_64Context) {
    (f.r8, f.r9, f.r10, f.r11, f.r12, f.r13, f.r14, f.r15) =
        (c.r8, c.r9, c.r10, c.r11, c.r12, c.r13, c.r14, c.r15);
    (f.rdi, f.rsi, f.rbp, f.rbx, f.rdx, f.rax, f.rcx) =
        (c.rdi, c.rsi, c.rbp, c.rbx, c.rdx, c.rax, c.rcx);
    let rflags = (c.rflags & !X86_64Context::IF) | (f.rflags & X86_64Context::IF);
    (f.rsp, f.rip, f.rflags) = (c.rsp, c.rip, rflags);
    restore_user_fp(&FxArea(c.fx));
}

/// Saves the user context of `frame` in a signal frame on the user stack and makes `frame`
/// enter `delivery`'s handler with the signal number and the frame's address as its two
/// arguments (`rdi`, `rsi`), `rsp` = the frame (the restorer is the
/// return address at its top). `EFAULT` if the frame does not fit in writable memory of
/// `user`; `frame` is then unchanged and the kernel should end the thread.
///
/// Run it on the way to user mode after [`crate::signal::restart::finish`], so the saved
/// context holds the restart decision.
pub fn enter_handler(
    frame: &mut SyscallFrame,
    delivery: &Delivery,
    user: &Range<usize>,
) -> Result<(), Errno> {
    let sp = delivery.push_frame(save(frame), user)?;
    frame.rdi = delivery.signo;
    frame.rsi = sp;
    frame.rsp = sp;
    frame.rip = delivery.handler;
    Ok(())
}

/// `rt_sigreturn` on the way out: reads the signal frame below the user `rsp` of `frame`
/// (the handler's `ret` popped its return address), checks it and restores the context it
/// saved; returns the mask to restore. A refused frame leaves `frame` unchanged: end the
/// thread.
pub fn sigreturn(frame: &mut SyscallFrame, user: &Range<usize>) -> Result<u64, Forged> {
    let saved = SignalFrame::<X86_64Context>::pop(frame.rsp, user)?;
    restore(frame, &saved.context);
    Ok(saved.mask)
}
