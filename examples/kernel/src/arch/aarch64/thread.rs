//! Kernel threads on AArch64: the stack switch and masking IRQs.
//!
//! Not enough for user threads yet ([`THREADS`] is false): a switch must also move the user's
//! FP/SIMD registers (the kernel is built soft-float and never touches them) and the timer's
//! IRQ must reach the scheduler. Entries from EL0 land on `SP_EL1` as it was at the `eret`,
//! which is the thread's own stack, so no per-thread entry stack needs setting.

use core::arch::{asm, naked_asm};

/// What a switch saves of a thread and restores.
#[repr(C)]
pub struct ThreadContext {
    /// The kernel stack pointer while the thread is switched out.
    sp: usize,
}

impl ThreadContext {
    /// The context of the code already running on CPU `cpu` (its boot stack).
    pub fn boot(cpu: usize) -> ThreadContext {
        let _ = cpu;
        ThreadContext { sp: 0 }
    }

    /// A new thread's context: the first switch to it calls `entry(arg)` on the stack ending at
    /// `kernel_top` (16-byte aligned) with IRQs masked. Its entries from EL0 land on its
    /// `SP_EL1`, so `entry_top` is not needed here.
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
        ThreadContext { sp }
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

/// Switches from the running thread (`prev`) to `next`'s; returns when a later switch comes
/// back to `prev`.
///
/// # Safety
/// IRQs masked; `prev` is the running thread's context, `next` a switched-out thread's.
pub unsafe fn switch(prev: *mut ThreadContext, next: *const ThreadContext) {
    // SAFETY: forwarded to the caller.
    unsafe { switch_stack(&raw mut (*prev).sp, (*next).sp) }
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

/// Whether kernel threads run here (not yet: see the module documentation).
pub const THREADS: bool = false;
