//! Entering U-mode and coming back: `run_user` saves the kernel context and drops to the user
//! program; `resume_kernel` restores that context when the program exits or faults.

use core::arch::naked_asm;

use crate::arch::UserExit;
use crate::arch::common::context;

/// Saves the callee-saved registers (`ra`, `s0..s11`; the kernel has no FP registers in use:
/// it is built without them and runs with the FPU off) on the stack and the stack pointer in
/// `*context`, then drops to U-mode through [`start`]. Returns through [`leave`].
#[unsafe(naked)]
extern "C" fn enter(
    entry: usize,
    sp: usize,
    args: &[usize; 3],
    entry_top: usize,
    context: *mut u64,
) {
    naked_asm!(
        "addi sp, sp, -112",
        "sd ra, 0(sp)",
        "sd s0, 8(sp)",
        "sd s1, 16(sp)",
        ".irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11",
        "sd s\\n, (\\n + 1) * 8(sp)",
        ".endr",
        "sd sp, 0(a4)",
        "j {start}",
        start = sym start,
    );
}

/// Drops to U-mode with the program's arguments in `a0..a2`: with interrupts masked and traps
/// landing on this stack if `entry_top` is 0, else as a scheduler thread (interrupts enabled,
/// traps landing on the stack ending at `entry_top`).
extern "C" fn start(entry: usize, sp: usize, args: &[usize; 3], entry_top: usize) -> ! {
    let args = [args[0], args[1], args[2], 0, 0, 0];
    // SAFETY: `entry` and `sp` lie in the user region, mapped for U-mode; a thread's entry
    // stack is its own and unused while it runs user code.
    unsafe {
        match entry_top {
            0 => sysgate::arch::riscv64::enter_user(entry, sp, args),
            top => sysgate::arch::riscv64::enter_user_thread(entry, sp, args, top),
        }
    }
}

/// Switches back to the stack saved by [`enter`] and returns from it.
#[unsafe(naked)]
extern "C" fn leave(context_sp: u64) -> ! {
    naked_asm!(
        "mv sp, a0",
        "ld ra, 0(sp)",
        "ld s0, 8(sp)",
        "ld s1, 16(sp)",
        ".irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11",
        "ld s\\n, (\\n + 1) * 8(sp)",
        ".endr",
        "addi sp, sp, 112",
        "ret",
    );
}

/// Runs the user program at `entry` on stack `sp` (16-byte aligned) with `args` in `a0..a2`
/// until it exits or faults.
pub fn run_user(entry: usize, sp: usize, args: [usize; 3]) -> UserExit {
    super::mmu::sync_user_code();
    context::run(|saved_sp| enter(entry, sp, &args, 0, saved_sp))
}

/// [`run_user`] for a scheduler thread: its user code runs with interrupts enabled (and so do
/// its handlers), and its traps from U-mode land on its own entry stack
/// ([`super::thread::entry_top`]).
pub fn run_user_thread(entry: usize, sp: usize, args: [usize; 3]) -> UserExit {
    super::mmu::sync_user_code();
    let entry_top = super::thread::entry_top();
    context::run(|saved_sp| enter(entry, sp, &args, entry_top, saved_sp))
}

/// Leaves the user program (from a syscall handler or a trap taken from U-mode).
pub fn resume_kernel(exit: UserExit) -> ! {
    leave(context::finish(exit))
}
