//! Kernel threads on x86_64: a thread's saved context (stack pointer, the user's x87/SSE
//! state, the kernel stack its entries from ring 3 land on), the stack switch, and masking
//! interrupts.
//!
//! The kernel itself never touches x87/SSE registers, so the user's values stay live in them
//! through syscalls and interrupts; a switch saves them with `fxsave64` into the thread that
//! stops and loads the next thread's with `fxrstor64` (Linux switches them eagerly too).

use core::arch::{asm, naked_asm};

use super::fpu::CLEAN;

/// `RFLAGS.IF`.
const IF: u64 = 1 << 9;

/// What a switch saves of a thread and restores.
#[repr(C, align(16))]
pub struct ThreadContext {
    /// The user's x87/SSE state while the thread is switched out (an FXSAVE image).
    fx: [u8; 512],
    /// The kernel stack pointer while the thread is switched out.
    sp: usize,
    /// The top of the stack its syscalls, interrupts and exceptions from ring 3 enter on.
    entry_top: usize,
}

impl ThreadContext {
    /// The context of the code already running on CPU `cpu` (its boot stack), whose entries
    /// from ring 3 land on the CPU's own kernel stack.
    pub fn boot(cpu: usize) -> ThreadContext {
        ThreadContext {
            fx: clean(),
            sp: 0,
            entry_top: super::gdt::kernel_stack_top(cpu).as_u64() as usize,
        }
    }

    /// A new thread's context: the first switch to it calls `entry(arg)` on the stack ending at
    /// `kernel_top` (16-byte aligned) with interrupts masked, and its entries from ring 3 land
    /// on the stack ending at `entry_top`. The user FP state starts clean.
    pub fn new(
        kernel_top: usize,
        entry_top: usize,
        entry: extern "C" fn(usize) -> !,
        arg: usize,
    ) -> ThreadContext {
        // What `switch_stack` pops: r15, r14, r13 (the argument), r12 (the entry), rbx, rbp,
        // then the return address (the trampoline), and padding that leaves the trampoline's
        // call with a 16-byte aligned stack.
        let frame: [usize; 9] = [
            0,
            0,
            arg,
            entry as usize,
            0,
            0,
            trampoline as *const () as usize,
            0,
            0,
        ];
        let sp = kernel_top - size_of_val(&frame);
        // SAFETY: the caller hands over the stack below `kernel_top`, which nothing else uses.
        unsafe { (sp as *mut [usize; 9]).write(frame) };
        ThreadContext {
            fx: clean(),
            sp,
            entry_top,
        }
    }
}

fn clean() -> [u8; 512] {
    // SAFETY: `CLEAN` is 512 bytes of plain data.
    unsafe { core::mem::transmute_copy(&CLEAN) }
}

/// A new thread's first code: calls its entry (r12) with its argument (r13).
#[unsafe(naked)]
extern "C" fn trampoline() -> ! {
    naked_asm!("mov rdi, r13", "call r12", "ud2");
}

/// Pushes the callee-saved registers, saves `rsp` at `save`, loads `next` and pops the next
/// thread's registers: returns in the next thread (where it last called this, or in
/// [`trampoline`]).
#[unsafe(naked)]
unsafe extern "sysv64" fn switch_stack(save: *mut usize, next: usize) {
    naked_asm!(
        "push rbp",
        "push rbx",
        "push r12",
        "push r13",
        "push r14",
        "push r15",
        "mov [rdi], rsp",
        "mov rsp, rsi",
        "pop r15",
        "pop r14",
        "pop r13",
        "pop r12",
        "pop rbx",
        "pop rbp",
        "ret",
    );
}

/// Switches from the running thread, whose context `prev` is, to the thread of `next`: saves
/// the user FP state into `prev`, loads `next`'s, makes `next`'s entry stack the one ring 3
/// enters on, and switches stacks. Returns when a later switch comes back to `prev`.
///
/// # Safety
/// Interrupts masked; `prev` is the running thread's context, `next` a thread's that is not
/// running on any CPU.
pub unsafe fn switch(prev: *mut ThreadContext, next: *const ThreadContext) {
    // SAFETY: both contexts are valid and 16-byte aligned; CR4.OSFXSR is set on every CPU;
    // the entry stack belongs to `next`, which runs on this CPU from now on.
    unsafe {
        asm!("fxsave64 [{}]", in(reg) (&raw mut (*prev).fx), options(nostack, preserves_flags));
        asm!("fxrstor64 [{}]", in(reg) (&raw const (*next).fx), options(nostack, preserves_flags));
        sysgate::cpu::set_kernel_stack((*next).entry_top)
            .unwrap_or_else(|e| panic!("thread switch: {e}"));
        switch_stack(&raw mut (*prev).sp, (*next).sp);
    }
}

/// Masks interrupts on this CPU; whether they were enabled.
#[inline]
pub fn interrupts_disable() -> bool {
    let flags: u64;
    // SAFETY: reads RFLAGS, then clears IF.
    unsafe { asm!("pushfq", "pop {}", "cli", out(reg) flags, options(nomem)) };
    flags & IF != 0
}

/// Enables interrupts again if `enabled` (what [`interrupts_disable`] returned).
#[inline]
pub fn interrupts_restore(enabled: bool) {
    if enabled {
        x86_64::instructions::interrupts::enable();
    }
}
