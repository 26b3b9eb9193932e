//! Kernel threads on RISC-V: a thread's saved context (stack pointer, the user's FP state, the
//! kernel stack its traps from U-mode land on), the stack switch, and masking interrupts.
//!
//! The kernel is built without F/D and runs with the FPU off, so the user's `f0..f31` and
//! `fcsr` stay live in the registers through every trap; a switch saves them into the thread
//! that stops when the `FS` of its saved `sstatus` says Dirty (then marks it Clean, as Linux
//! does) and loads the next thread's when it has run user code. A user thread enters U-mode
//! with [`sysgate::arch::riscv64::enter_user_thread`] on its entry stack, so every trap from
//! its user code saves its frame at the same place, [`user_frame`] of the entry stack's top.

use core::arch::{asm, naked_asm};
use core::sync::atomic::{AtomicUsize, Ordering};

use sysgate::arch::riscv64::{TrapFrame, UserFp, user_frame};

use crate::smp::MAX_CPUS;

/// `sstatus.FS`, two bits, and its values Off, Clean and Dirty.
const FS: u64 = 0b11 << 13;
const FS_OFF: u64 = 0;
const FS_CLEAN: u64 = 0b10 << 13;
const FS_DIRTY: u64 = 0b11 << 13;

/// What a switch saves of a thread and restores.
#[repr(C)]
pub struct ThreadContext {
    /// The kernel stack pointer while the thread is switched out.
    sp: usize,
    /// The top of the stack its traps from U-mode land on (0 for a CPU's bootstrap thread,
    /// whose land where it entered U-mode, and which runs no user code while others run).
    entry_top: usize,
    /// The user's FP state while the thread is switched out.
    fp: UserFp,
}

impl ThreadContext {
    /// The context of the code already running on CPU `cpu` (its boot stack), whose traps
    /// from U-mode land on that stack, where it entered U-mode.
    pub fn boot(cpu: usize) -> ThreadContext {
        let _ = cpu;
        ThreadContext {
            sp: 0,
            entry_top: 0,
            fp: UserFp::new(),
        }
    }

    /// A new thread's context: the first switch to it calls `entry(arg)` on the stack ending at
    /// `kernel_top` (16-byte aligned) with interrupts masked; its traps from U-mode land on the
    /// stack ending at `entry_top` (see [`entry_top`]). The user FP state starts zero.
    pub fn new(
        kernel_top: usize,
        entry_top: usize,
        entry: extern "C" fn(usize) -> !,
        arg: usize,
    ) -> ThreadContext {
        // What `switch_stack` loads: ra (the trampoline), s0 (the entry), s1 (the argument),
        // s2..s11, and a padding word.
        let mut frame = [0usize; 14];
        frame[0] = trampoline as *const () as usize;
        frame[1] = entry as usize;
        frame[2] = arg;
        let sp = kernel_top - size_of_val(&frame);
        // SAFETY: the caller hands over the stack below `kernel_top`, which nothing else uses.
        unsafe { (sp as *mut [usize; 14]).write(frame) };
        ThreadContext {
            sp,
            entry_top,
            fp: UserFp::new(),
        }
    }

    /// The frame of the thread's traps from U-mode, if it has an entry stack.
    fn frame(&self) -> Option<*mut TrapFrame> {
        (self.entry_top != 0).then(|| user_frame(self.entry_top))
    }
}

/// Each CPU's running thread's entry stack top, set by [`switch`].
static ENTRY_TOP: [AtomicUsize; MAX_CPUS] = [const { AtomicUsize::new(0) }; MAX_CPUS];

/// The top of the entry stack of the thread running on this CPU: where
/// [`super::user::run_user_thread`] makes its traps from U-mode land.
pub fn entry_top() -> usize {
    ENTRY_TOP[sysgate::cpu::id()].load(Ordering::Relaxed)
}

/// A new thread's first code: calls its entry (s0) with its argument (s1).
#[unsafe(naked)]
extern "C" fn trampoline() -> ! {
    naked_asm!("mv a0, s1", "jalr s0", "unimp");
}

/// Saves `ra`, the callee-saved registers and `sp` at `save`, loads `next` and the next
/// thread's registers: returns in the next thread.
#[unsafe(naked)]
unsafe extern "C" fn switch_stack(save: *mut usize, next: usize) {
    naked_asm!(
        "addi sp, sp, -112",
        "sd ra, 0(sp)",
        "sd s0, 8(sp)",
        "sd s1, 16(sp)",
        "sd s2, 24(sp)",
        "sd s3, 32(sp)",
        "sd s4, 40(sp)",
        "sd s5, 48(sp)",
        "sd s6, 56(sp)",
        "sd s7, 64(sp)",
        "sd s8, 72(sp)",
        "sd s9, 80(sp)",
        "sd s10, 88(sp)",
        "sd s11, 96(sp)",
        "sd sp, 0(a0)",
        "mv sp, a1",
        "ld ra, 0(sp)",
        "ld s0, 8(sp)",
        "ld s1, 16(sp)",
        "ld s2, 24(sp)",
        "ld s3, 32(sp)",
        "ld s4, 40(sp)",
        "ld s5, 48(sp)",
        "ld s6, 56(sp)",
        "ld s7, 64(sp)",
        "ld s8, 72(sp)",
        "ld s9, 80(sp)",
        "ld s10, 88(sp)",
        "ld s11, 96(sp)",
        "addi sp, sp, 112",
        "ret",
    );
}

/// Switches from the running thread, whose context `prev` is, to the thread of `next`: saves
/// the user FP state into `prev` if its user code changed it, loads `next`'s if it has run
/// user code, makes `next`'s entry stack the one traps from U-mode land on, and switches
/// stacks. Returns when a later switch comes back to `prev`.
///
/// # Safety
/// Interrupts masked; `prev` is the running thread's context, `next` a thread's that is not
/// running on any CPU.
pub unsafe fn switch(prev: *mut ThreadContext, next: *const ThreadContext) {
    // SAFETY: both contexts are valid; a frame lies in its thread's own entry stack,
    // which holds zeroes or the thread's last frame from U-mode; neither thread runs elsewhere.
    unsafe {
        if let Some(frame) = (*prev).frame()
            && (*frame).sstatus & FS == FS_DIRTY
        {
            (*prev).fp.save();
            (*frame).sstatus = (*frame).sstatus & !FS | FS_CLEAN;
        }
        if let Some(frame) = (*next).frame()
            && (*frame).sstatus & FS != FS_OFF
        {
            (*next).fp.restore();
        }
        ENTRY_TOP[sysgate::cpu::id()].store((*next).entry_top, Ordering::Relaxed);
        sysgate::cpu::set_kernel_stack((*next).entry_top)
            .unwrap_or_else(|e| panic!("thread switch: {e}"));
        switch_stack(&raw mut (*prev).sp, (*next).sp);
    }
}

/// `sstatus.SIE`.
const SIE: usize = 1 << 1;

/// Masks interrupts on this CPU; whether they were enabled.
#[inline]
pub fn interrupts_disable() -> bool {
    let sstatus: usize;
    // SAFETY: clears sstatus.SIE, returning the old value.
    unsafe { asm!("csrrci {}, sstatus, 2", out(reg) sstatus, options(nomem, nostack)) };
    sstatus & SIE != 0
}

/// Enables interrupts again if `enabled` (what [`interrupts_disable`] returned).
#[inline]
pub fn interrupts_restore(enabled: bool) {
    if enabled {
        // SAFETY: sets sstatus.SIE; the trap vector handles interrupts.
        unsafe { asm!("csrsi sstatus, 2", options(nomem, nostack)) };
    }
}
