//! Kernel threads on AArch64: a thread's saved context (stack pointer, the user's FP/SIMD
//! state), the stack switch, and masking IRQs.
//!
//! The kernel is built soft-float and never touches the FP/SIMD registers, so the user's values
//! stay live in them through syscalls and interrupts; a switch saves them (FPSR, FPCR,
//! `q0..q31`) into the thread that stops and loads the next thread's. Entries from EL0 land on
//! `SP_EL1` as it was at the `eret`, which is the thread's own stack (the one that returned to
//! EL0), so no per-thread entry stack needs setting.

use core::arch::{asm, naked_asm};

use sysgate::arch::aarch64::UserFp;

/// What a switch saves of a thread and restores.
#[repr(C)]
pub struct ThreadContext {
    /// The user's FP/SIMD state while the thread is switched out.
    fp: UserFp,
    /// The kernel stack pointer while the thread is switched out.
    sp: usize,
}

impl ThreadContext {
    /// The context of the code already running on CPU `cpu` (its boot stack, which its entries
    /// from EL0 land on too).
    pub fn boot(cpu: usize) -> ThreadContext {
        let _ = cpu;
        ThreadContext {
            fp: UserFp::new(),
            sp: 0,
        }
    }

    /// A new thread's context: the first switch to it calls `entry(arg)` on the stack ending at
    /// `kernel_top` (16-byte aligned) with IRQs masked; the user FP state starts clean. Its
    /// entries from EL0 land on its `SP_EL1`, below the kernel code that entered EL0, so
    /// `entry_top` is not needed here.
    pub fn new(
        kernel_top: usize,
        entry_top: usize,
        entry: extern "C" fn(usize) -> !,
        arg: usize,
    ) -> ThreadContext {
        let _ = entry_top;
        // What `switch_stack` loads: x19 (the entry), x20 (the argument), x21..x29, x30 (the
        // trampoline).
        let mut frame = [0usize; 12];
        frame[0] = entry as usize;
        frame[1] = arg;
        frame[11] = trampoline as *const () as usize;
        let sp = kernel_top - size_of_val(&frame);
        // SAFETY: the caller hands over the stack below `kernel_top`, which nothing else uses.
        unsafe { (sp as *mut [usize; 12]).write(frame) };
        ThreadContext {
            fp: UserFp::new(),
            sp,
        }
    }
}

/// A new thread's first code: calls its entry (x19) with its argument (x20).
#[unsafe(naked)]
extern "C" fn trampoline() -> ! {
    naked_asm!("mov x0, x20", "blr x19", "brk #0");
}

/// Saves the callee-saved registers and `sp` at `save`, loads `next` and the next thread's
/// registers: returns in the next thread.
#[unsafe(naked)]
unsafe extern "C" fn switch_stack(save: *mut usize, next: usize) {
    naked_asm!(
        "stp x19, x20, [sp, #-96]!",
        "stp x21, x22, [sp, #16]",
        "stp x23, x24, [sp, #32]",
        "stp x25, x26, [sp, #48]",
        "stp x27, x28, [sp, #64]",
        "stp x29, x30, [sp, #80]",
        "mov x9, sp",
        "str x9, [x0]",
        "mov sp, x1",
        "ldp x21, x22, [sp, #16]",
        "ldp x23, x24, [sp, #32]",
        "ldp x25, x26, [sp, #48]",
        "ldp x27, x28, [sp, #64]",
        "ldp x29, x30, [sp, #80]",
        "ldp x19, x20, [sp], #96",
        "ret",
    );
}

/// Switches from the running thread, whose context `prev` is, to the thread of `next`: saves
/// the user FP/SIMD state into `prev`, loads `next`'s, and switches stacks (which makes
/// `next`'s the stack its entries from EL0 land on). Returns when a later switch comes back
/// to `prev`.
///
/// # Safety
/// IRQs masked; `prev` is the running thread's context, `next` a thread's that is not running
/// on any CPU.
pub unsafe fn switch(prev: *mut ThreadContext, next: *const ThreadContext) {
    // SAFETY: both contexts are valid and 16-byte aligned; the kernel itself holds nothing in
    // the FP/SIMD registers.
    unsafe {
        (*prev).fp.save();
        (*next).fp.restore();
        switch_stack(&raw mut (*prev).sp, (*next).sp);
    }
}

/// Masks IRQs on this CPU; whether they were enabled.
#[inline]
pub fn interrupts_disable() -> bool {
    let daif: u64;
    // SAFETY: reads DAIF, then sets its I bit.
    unsafe { asm!("mrs {}, daif", "msr daifset, #2", out(reg) daif, options(nomem, nostack)) };
    daif & (1 << 7) == 0
}

/// Unmasks IRQs again if `enabled` (what [`interrupts_disable`] returned).
#[inline]
pub fn interrupts_restore(enabled: bool) {
    if enabled {
        // SAFETY: clears DAIF's I bit; the vectors handle IRQs.
        unsafe { asm!("msr daifclr, #2", options(nomem, nostack)) };
    }
}
