//! Kernel threads on RISC-V: the stack switch and masking interrupts.
//!
//! Not enough for user threads yet ([`THREADS`] is false): a switch must also move the user's
//! FP registers (the kernel is built without F/D and never touches them), the next trap from
//! U-mode must land on the thread's own kernel stack, and the timer's interrupt must reach the
//! scheduler.

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
    /// `kernel_top` (16-byte aligned) with interrupts masked. `entry_top`, where its traps from
    /// U-mode should land, needs the runtime's per-thread kernel stack on RISC-V.
    pub fn new(
        kernel_top: usize,
        entry_top: usize,
        entry: extern "C" fn(usize) -> !,
        arg: usize,
    ) -> ThreadContext {
        let _ = entry_top;
        // What `switch_stack` loads: ra (the trampoline), s0 (the entry), s1 (the argument),
        // s2..s11, and a padding word.
        let mut frame = [0usize; 14];
        frame[0] = trampoline as *const () as usize;
        frame[1] = entry as usize;
        frame[2] = arg;
        let sp = kernel_top - size_of_val(&frame);
        // SAFETY: the caller hands over the stack below `kernel_top`, which nothing else uses.
        unsafe { (sp as *mut [usize; 14]).write(frame) };
        ThreadContext { sp }
    }
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

/// Switches from the running thread (`prev`) to `next`'s; returns when a later switch comes
/// back to `prev`.
///
/// # Safety
/// Interrupts masked; `prev` is the running thread's context, `next` a switched-out thread's.
pub unsafe fn switch(prev: *mut ThreadContext, next: *const ThreadContext) {
    // SAFETY: forwarded to the caller.
    unsafe { switch_stack(&raw mut (*prev).sp, (*next).sp) }
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

/// Whether kernel threads run here (not yet: see the module documentation).
pub const THREADS: bool = false;
