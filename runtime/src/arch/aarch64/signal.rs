//! Signals on AArch64: the restart registers of a syscall frame, entering a user handler
//! through a [`SignalFrame`] and `rt_sigreturn`'s checked restore, after Linux's
//! `arch/arm64/kernel/signal.c`.

use core::ops::Range;

use super::TrapFrame;
use crate::Errno;
use crate::signal::context::Aarch64Context;
use crate::signal::{Delivery, Forged, SignalFrame, SyscallRegisters};

/// `svc` is one 4-byte instruction before the return address.
const SVC_LEN: u64 = 4;

impl SyscallRegisters for TrapFrame {
    fn syscall_nr(&self) -> usize {
        self.x[8] as usize
    }

    fn result(&self) -> isize {
        self.x[0] as isize
    }

    fn set_result(&mut self, ret: isize) {
        self.x[0] = ret as u64;
    }

    fn rewind(&mut self) {
        self.elr -= SVC_LEN;
        self.x[0] = self.orig_x0;
    }

    fn set_syscall_nr(&mut self, nr: usize) {
        self.x[8] = nr as u64;
    }
}

/// The interrupted user context in `frame`, FP/SIMD state included.
fn save(frame: &TrapFrame) -> Aarch64Context {
    let mut ctx = Aarch64Context {
        x: frame.x,
        sp: frame.sp_el0,
        pc: frame.elr,
        pstate: frame.spsr,
        ..Default::default()
    };
    #[cfg(target_feature = "neon")]
    {
        (ctx.fpsr, ctx.fpcr, ctx.v) = (frame.fp.fpsr, frame.fp.fpcr, frame.fp.v);
    }
    #[cfg(not(target_feature = "neon"))]
    {
        let mut fp = super::user_fp::UserFp {
            fpsr: 0,
            fpcr: 0,
            v: [0; 32],
        };
        super::user_fp::save_user_fp(&mut fp);
        (ctx.fpsr, ctx.fpcr, ctx.v) = (fp.fpsr, fp.fpcr, fp.v);
    }
    ctx
}

/// Makes `frame` resume `ctx` (validated).
fn restore(frame: &mut TrapFrame, ctx: &Aarch64Context) {
    frame.x = ctx.x;
    frame.sp_el0 = ctx.sp;
    frame.elr = ctx.pc;
    frame.spsr = ctx.pstate;
    #[cfg(target_feature = "neon")]
    {
        (frame.fp.fpsr, frame.fp.fpcr, frame.fp.v) = (ctx.fpsr, ctx.fpcr, ctx.v);
    }
    #[cfg(not(target_feature = "neon"))]
    super::user_fp::restore_user_fp(&super::user_fp::UserFp {
        fpsr: ctx.fpsr,
        fpcr: ctx.fpcr,
        v: ctx.v,
    });
}

/// Saves the user context of `frame` in a signal frame on the user stack and makes `frame`
/// enter `delivery`'s handler with the signal number and the frame's address as its two
/// arguments (`x0`, `x1`), `sp` = the frame, `x30` = the restorer.
/// `EFAULT` if the frame does not fit in writable memory of `user`; `frame` is then unchanged
/// and the kernel should end the thread.
///
/// Run it on the way to EL0 after [`crate::signal::restart::finish`], so the saved context
/// holds the restart decision.
pub fn enter_handler(
    frame: &mut TrapFrame,
    delivery: &Delivery,
    user: &Range<usize>,
) -> Result<(), Errno> {
    let sp = delivery.push_frame(save(frame), user)?;
    frame.x[0] = delivery.signo;
    frame.x[1] = sp;
    frame.x[30] = delivery.restorer;
    frame.sp_el0 = sp;
    frame.elr = delivery.handler;
    Ok(())
}

/// `rt_sigreturn` on the way out: reads the signal frame at the user `sp` of `frame`, checks
/// it and restores the context it saved, all registers and FP/SIMD state; returns the mask
/// to restore. A refused frame leaves `frame` unchanged: end the thread.
pub fn sigreturn(frame: &mut TrapFrame, user: &Range<usize>) -> Result<u64, Forged> {
    let saved = SignalFrame::<Aarch64Context>::pop(frame.sp_el0, user)?;
    restore(frame, &saved.context);
    Ok(saved.mask)
}
