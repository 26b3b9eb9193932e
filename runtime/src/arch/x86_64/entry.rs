//! The naked `syscall` entry, hardened after Linux's `arch/x86/entry/entry_64.S`.

use super::frame::SyscallFrame;
use super::percpu::PerCpu;
use super::{hooks, irq};
use crate::SyscallArgs;
use core::arch::naked_asm;

/// The `syscall` target installed in LSTAR by [`super::init`].
///
/// Steps: `swapgs` to the per-CPU area; park the user `rsp` there and load the kernel stack;
/// push a complete [`SyscallFrame`], then the six argument registers in ABI order (the
/// arguments dispatch reads in place); zero every general register the Rust side does not take
/// (no user value reaches speculative gadgets); call [`crate::dispatch`] with the number and the
/// six argument registers; restore every register but `rax` (result); return with `sysretq`
/// when the frame's `rcx` and `r11` are its return address and rflags (as `syscall` left them)
/// — otherwise with `iretq`, which keeps them: a context `rt_sigreturn` restored after an
/// interrupt, or a return address that is not canonical, where `sysretq` would fault in ring 0
/// on Intel CPUs with the user stack loaded (CVE-2012-0217), while `iretq`'s fault is taken on
/// the kernel stack (see [`is_return_fault`]).
///
/// # Safety
/// Only the CPU may call this, through `syscall`, after [`super::init`].
#[unsafe(naked)]
pub unsafe extern "C" fn syscall_entry() {
    naked_asm!(
        "swapgs",
        "mov gs:[{user_rsp}], rsp",
        "mov rsp, gs:[{kernel_rsp}]",
        // iretq frame: ss, rsp, rflags, cs, rip.
        "push qword ptr gs:[{user_ss}]",
        "push qword ptr gs:[{user_rsp}]",
        "push r11",
        "push qword ptr gs:[{user_cs}]",
        "push rcx",
        // orig_rax, then the general registers in `SyscallFrame` order (reversed).
        "push rax",
        "push rdi",
        "push rsi",
        "push rdx",
        "push rcx",
        "push rax",
        "push r8",
        "push r9",
        "push r10",
        "push r11",
        "push rbx",
        "push rbp",
        "push r12",
        "push r13",
        "push r14",
        "push r15",
        // Below the frame, the six argument registers in ABI order (a `SyscallArgs` the thunk
        // reads in place) and a padding word that realigns the stack to 16 bytes for the call.
        "push rax",
        "push r9",
        "push r8",
        "push r10",
        "push rdx",
        "push rsi",
        "push rdi",
        // Clear what the Rust side does not need.
        "xor eax, eax",
        "xor ebx, ebx",
        "xor ecx, ecx",
        "xor edx, edx",
        "mov rsi, rsp",
        "xor ebp, ebp",
        "xor r8d, r8d",
        "xor r9d, r9d",
        "xor r10d, r10d",
        "xor r11d, r11d",
        "xor r12d, r12d",
        "xor r13d, r13d",
        "xor r14d, r14d",
        "xor r15d, r15d",
        "lea rdi, [rsp + {frame}]",
        "call {handle}",
        "add rsp, {frame}",
        "pop r15",
        "pop r14",
        "pop r13",
        "pop r12",
        "pop rbp",
        "pop rbx",
        "pop r11",
        "pop r10",
        "pop r9",
        "pop r8",
        "pop rax",
        "pop rcx",
        "pop rdx",
        "pop rsi",
        "pop rdi",
        "add rsp, 8",
        // rsp -> iretq frame. sysretq returns to rcx with r11 as rflags: only when they are
        // the frame's rip and rflags (a syscall's return; not a context `rt_sigreturn`
        // restored, which an interrupt may have left anywhere) and rip is canonical. Otherwise
        // iretq, which leaves rcx and r11 as the frame holds them.
        "cmp rcx, [rsp]",
        "jne 2f",
        "cmp r11, [rsp + 16]",
        "jne 2f",
        "push rcx",
        "shl rcx, 16",
        "sar rcx, 16",
        "cmp rcx, [rsp]",
        "pop rcx",
        "jne 2f",
        "mov rsp, [rsp + 24]",
        "swapgs",
        "sysretq",
        "2:",
        "swapgs",
        ".globl __sysgate_x86_64_iret",
        "__sysgate_x86_64_iret:",
        "iretq",
        user_rsp = const PerCpu::USER_RSP,
        kernel_rsp = const PerCpu::KERNEL_RSP,
        user_ss = const PerCpu::USER_SS,
        user_cs = const PerCpu::USER_CS,
        frame = const 7 * 8,
        handle = sym handle,
    );
}

/// A minimal entry that returns at once with `rax = 0`: the floor for benchmarks.
///
/// # Safety
/// Only the CPU may call this, through `syscall`.
#[cfg(feature = "bench-entries")]
#[unsafe(naked)]
pub unsafe extern "C" fn syscall_entry_minimal() {
    naked_asm!("xor eax, eax", "sysretq");
}

unsafe extern "C" {
    /// The `iretq` in [`syscall_entry`]'s non-canonical return path.
    static __sysgate_x86_64_iret: u8;
}

/// Whether a fault at `rip` is the entry's `iretq` refusing a non-canonical user return address.
///
/// Such a `#GP` is taken in ring 0 on the kernel stack with the user's `gs` already restored; the
/// kernel should treat it as a fault of the user program.
pub fn is_return_fault(rip: u64) -> bool {
    rip == (&raw const __sysgate_x86_64_iret) as u64
}

/// Rust side of the entry: enables interrupts if the user ran with them
/// ([`crate::thread`]), dispatches the number in the frame with the arguments the entry pushed
/// below it, stores the result, masks interrupts and runs the exit loop
/// ([`exit_to_user`](super::EntryHooks::exit_to_user) while the current thread has work).
extern "sysv64" fn handle(frame: &mut SyscallFrame, args: &SyscallArgs) {
    irq::enable_for_handler(frame);
    frame.rax = crate::dispatch::dispatch_saved(frame.nr(), args) as u64;
    irq::mask_interrupts();
    crate::thread::exit_loop_masked(|work| hooks::exit_to_user(frame, work));
}
