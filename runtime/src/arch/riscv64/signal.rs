//! Signals on RISC-V: the restart registers of a syscall frame, entering a user handler
//! through a [`SignalFrame`] and `rt_sigreturn`'s checked restore, after Linux's
//! `arch/riscv/kernel/signal.c`.

use core::ops::Range;

use super::TrapFrame;
use super::user_fp::{UserFp, restore_user_fp, save_user_fp};
use super::vector::SSTATUS_FS;
use crate::Errno;
use crate::signal::context::Riscv64Context;
use crate::signal::{Delivery, Forged, SignalFrame, SyscallRegisters};

/// `ecall` is one 4-byte instruction before the return address.
const ECALL_LEN: u64 = 4;

impl SyscallRegisters for TrapFrame {
    fn syscall_nr(&self) -> usize {
        self.x[17] as usize
    }

    fn result(&self) -> isize {
        self.x[10] as isize
    }

    fn set_result(&mut self, ret: isize) {
        self.x[10] = ret as u64;
    }

    fn rewind(&mut self) {
        self.sepc -= ECALL_LEN;
        self.x[10] = self.orig_a0;
    }

    fn set_syscall_nr(&mut self, nr: usize) {
        self.x[17] = nr as u64;
    }
}

/// The interrupted user context in `frame`, FP state included.
fn save(frame: &TrapFrame) -> Riscv64Context {
    let mut fp = UserFp {
        f: [0; 32],
        fcsr: 0,
    };
    save_user_fp(&mut fp);
    Riscv64Context {
        pc: frame.sepc,
        x: frame.x[1..].try_into().expect("31 registers"),
        sstatus: frame.sstatus,
        f: fp.f,
        fcsr: fp.fcsr,
    }
}

/// Makes `frame` resume `ctx` (validated): its registers, and its `sstatus` with `FS` =
/// Dirty, since the FP registers were just loaded.
fn restore(frame: &mut TrapFrame, ctx: &Riscv64Context) {
    frame.x[1..].copy_from_slice(&ctx.x);
    frame.sepc = ctx.pc;
    frame.sstatus = ctx.sstatus | SSTATUS_FS;
    restore_user_fp(&UserFp {
        f: ctx.f,
        fcsr: ctx.fcsr,
    });
}

/// Saves the user context of `frame` in a signal frame on the user stack and makes `frame`
/// enter `delivery`'s handler with the signal number and the frame's address as its two
/// arguments (`a0`, `a1`), `sp` = the frame, `ra` = the restorer.
/// `EFAULT` if the frame does not fit in writable memory of `user`; `frame` is then unchanged
/// and the kernel should end the thread.
///
/// Run it on the way to U-mode after [`crate::signal::restart::finish`], so the saved context
/// holds the restart decision.
pub fn enter_handler(
    frame: &mut TrapFrame,
    delivery: &Delivery,
    user: &Range<usize>,
) -> Result<(), Errno> {
    let sp = delivery.push_frame(save(frame), user)?;
    frame.x[10] = delivery.signo;
    frame.x[11] = sp;
    frame.x[1] = delivery.restorer;
    frame.x[2] = sp;
    frame.sepc = delivery.handler;
    Ok(())
}

/// `rt_sigreturn` on the way out: reads the signal frame at the user `sp` of `frame`, checks
/// it and restores the context it saved, all registers and FP state; returns the mask to
/// restore. A refused frame leaves `frame` unchanged: end the thread.
pub fn sigreturn(frame: &mut TrapFrame, user: &Range<usize>) -> Result<u64, Forged> {
    let saved = SignalFrame::<Riscv64Context>::pop(frame.x[2], user)?;
    restore(frame, &saved.context);
    Ok(saved.mask)
}
