//! Entering EL0 and coming back: `run_user` saves the kernel context and drops to the user
//! program; `resume_kernel` restores that context when the program exits or faults.

use core::arch::naked_asm;

use sysgate::arch::aarch64::SAVES_FP;

use crate::arch::UserExit;
use crate::arch::common::context;

/// Saves the callee-saved registers (`x19..x30`, and `d8..d15` if the kernel is compiled with
/// FP/SIMD) on the stack and the stack pointer in `*context`, then drops to EL0 through
/// [`start`]. Returns through [`leave`].
#[unsafe(naked)]
extern "C" fn enter(entry: usize, sp: usize, args: &[usize; 3], context: *mut u64) {
    naked_asm!(
        "sub sp, sp, #160",
        "stp x19, x20, [sp]",
        "stp x21, x22, [sp, #16]",
        "stp x23, x24, [sp, #32]",
        "stp x25, x26, [sp, #48]",
        "stp x27, x28, [sp, #64]",
        "stp x29, x30, [sp, #80]",
        ".if {fp}",
        "stp d8, d9, [sp, #96]",
        "stp d10, d11, [sp, #112]",
        "stp d12, d13, [sp, #128]",
        "stp d14, d15, [sp, #144]",
        ".endif",
        "mov x9, sp",
        "str x9, [x3]",
        "b {start}",
        fp = const SAVES_FP as u8,
        start = sym start,
    );
}

/// Drops to EL0 with the program's arguments in `x0..x2`.
extern "C" fn start(entry: usize, sp: usize, args: &[usize; 3]) -> ! {
    let args = [args[0], args[1], args[2], 0, 0, 0];
    // SAFETY: `entry` and `sp` lie in the user region, mapped for EL0.
    unsafe { sysgate::arch::aarch64::enter_user(entry, sp, args) }
}

/// Switches back to the stack saved by [`enter`] and returns from it.
#[unsafe(naked)]
extern "C" fn leave(context_sp: u64) -> ! {
    naked_asm!(
        "mov sp, x0",
        "ldp x19, x20, [sp]",
        "ldp x21, x22, [sp, #16]",
        "ldp x23, x24, [sp, #32]",
        "ldp x25, x26, [sp, #48]",
        "ldp x27, x28, [sp, #64]",
        "ldp x29, x30, [sp, #80]",
        ".if {fp}",
        "ldp d8, d9, [sp, #96]",
        "ldp d10, d11, [sp, #112]",
        "ldp d12, d13, [sp, #128]",
        "ldp d14, d15, [sp, #144]",
        ".endif",
        "add sp, sp, #160",
        "ret",
        fp = const SAVES_FP as u8,
    );
}

/// Runs the user program at `entry` on stack `sp` (16-byte aligned) with `args` in `x0..x2`
/// until it exits or faults.
pub fn run_user(entry: usize, sp: usize, args: [usize; 3]) -> UserExit {
    super::mmu::sync_user_code();
    context::run(|saved_sp| enter(entry, sp, &args, saved_sp))
}

/// Leaves the user program (from a syscall handler or an exception taken from EL0).
pub fn resume_kernel(exit: UserExit) -> ! {
    leave(context::finish(exit))
}
