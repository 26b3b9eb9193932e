//! Entering ring 3 and coming back: `run_user` saves the kernel context and `iretq`s to the
//! user program; `resume_kernel` restores that context when the program exits or faults.

use core::arch::naked_asm;

use crate::arch::UserExit;
use crate::arch::common::context;
use crate::services::ExampleKernel;
use sysgate::thread::Work;

/// RFLAGS of user code: interrupts masked (a program runs to its end; nothing preempts it).
const USER_RFLAGS: u64 = 0x2;
/// RFLAGS of a kernel thread's user code: interrupts enabled, so the timer preempts it and its
/// handlers run with interrupts enabled.
const THREAD_RFLAGS: u64 = 0x202;
const USER_CS: u64 = 0x23;
const USER_SS: u64 = 0x1b;

/// Pushes callee-saved registers, saves `rsp` in `*context`, `iretq`s to `entry` with stack
/// `sp`, RFLAGS `rflags` and `args` in `rdi, rsi, rdx`, all other registers zero, the x87/SSE state clean
/// (nothing of the program before), and the user `GS` base (`swapgs`: the kernel's per-CPU
/// area waits in `KERNEL_GS_BASE`). Returns through [`leave`].
#[unsafe(naked)]
extern "sysv64" fn enter(
    entry: usize,
    sp: usize,
    args: &[usize; 3],
    context: *mut u64,
    rflags: u64,
) {
    naked_asm!(
        "push rbx", "push rbp", "push r12", "push r13", "push r14", "push r15",
        "mov [rcx], rsp",
        "push {ss}",
        "push rsi",
        "push r8",
        "push {cs}",
        "push rdi",
        "mov rax, rdx",
        "mov rdi, [rax]",
        "mov rsi, [rax + 8]",
        "mov rdx, [rax + 16]",
        "xor eax, eax", "xor ebx, ebx", "xor ecx, ecx",
        "xor ebp, ebp", "xor r8d, r8d", "xor r9d, r9d", "xor r10d, r10d", "xor r11d, r11d",
        "xor r12d, r12d", "xor r13d, r13d", "xor r14d, r14d", "xor r15d, r15d",
        "fxrstor64 [rip + {clean}]",
        "swapgs",
        "iretq",
        ss = const USER_SS,
        cs = const USER_CS,
        clean = sym super::fpu::CLEAN,
    );
}

/// Switches back to the stack saved by [`enter`] and returns from it.
#[unsafe(naked)]
extern "sysv64" fn leave(context_rsp: u64) -> ! {
    naked_asm!(
        "mov rsp, rdi",
        "pop r15",
        "pop r14",
        "pop r13",
        "pop r12",
        "pop rbp",
        "pop rbx",
        "ret",
    );
}

/// Runs the user program at `entry` on stack `sp` (16-byte aligned; entered as if called)
/// with `args` in its first three argument registers until it exits or faults.
pub fn run_user(entry: usize, sp: usize, args: [usize; 3]) -> UserExit {
    context::run(|saved_rsp| enter(entry, sp - 8, &args, saved_rsp, USER_RFLAGS))
}

/// [`run_user`] for a kernel thread: its user code runs with interrupts enabled, so the timer
/// preempts it.
pub fn run_user_thread(entry: usize, sp: usize, args: [usize; 3]) -> UserExit {
    context::run(|saved_rsp| enter(entry, sp - 8, &args, saved_rsp, THREAD_RFLAGS))
}

/// Leaves the user program from a syscall or a trap taken in ring 3 (both entries have made
/// the kernel's per-CPU area the `GS` base, which it stays in the kernel).
pub fn resume_kernel(exit: UserExit) -> ! {
    leave(context::finish(exit))
}

/// The entry's hook into this kernel.
impl sysgate::arch::EntryHooks for ExampleKernel {
    /// With the current thread's work, after every syscall: the scheduler's (a reschedule the
    /// timer asked for, the end of a terminated program), then the signals'.
    fn exit_to_user(frame: &mut sysgate::arch::x86_64::SyscallFrame, work: Work) {
        context::exit_to_user(frame, work);
    }
}
