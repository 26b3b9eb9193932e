//! The architecture interface of the example kernel.
//!
//! `main.rs` is portable; each architecture module provides exactly these items, re-exported
//! here:
//!
//! | item | meaning |
//! | --- | --- |
//! | `const NAME: &str` | architecture name for the banner |
//! | `fn init()` | traps, paging (user pages separate from kernel pages), the runtime's syscall entry |
//! | `fn console_put(byte: u8)` | write one byte to the serial console, waiting while it is busy |
//! | `fn exit(ok: bool) -> !` | leave QEMU with a pass/fail status |
//! | `fn run_user(entry, sp, args: [usize; 3]) -> UserExit` | run the user program in user mode until it exits or faults; `args` arrive in its first three argument registers |
//! | `fn end_user(exit: UserExit) -> !` | from a syscall handler: end the user program, making `run_user` return `exit` |
//! | `fn sync_icache(code: Range<usize>)` | make instructions the kernel just wrote into user memory visible to instruction fetch |
//! | `fn cycles() -> u64` | cycle counter (one tick per instruction under `-icount shift=0` on x86_64) |
//! | `fn now_ns() -> u64` | nanoseconds of a monotonic clock of known rate: what sleeps and deadlines count in |
//! | `fn use_minimal_entry(minimal: bool)` | route syscalls to a minimal entry that returns 0 at once, or back |
//! | `const RETURN_ADDRESS_FAULT: Option<u8>` | fault vector expected when a syscall returns to a non-canonical address (`None`: no such test) |
//! | `fn user_page_mapped(va) -> bool` | whether the page at `va` of [`crate::demand::HEAP`] is mapped |
//! | `fn map_user_page(va, pa)` | map that page, user read/write/execute, to the frame at physical `pa` |
//! | `type Frame` | the frame the syscall entry saves, which the exit work edits |
//! | `fn enter_handler(&mut Frame, &Delivery, &Range<usize>) -> Result<(), Errno>`, `fn sigreturn(&mut Frame, &Range<usize>) -> Result<u64, Forged>` | sysgate's signal entry and checked `rt_sigreturn` for this architecture |
//! | `const LINUX_WINDOW: Range<usize>` | the Linux personality's user memory, where Debian's static binaries are linked |
//! | `fn cmdline() -> Option<&'static [u8]>` | the kernel command line (`-append`): PVH start info (x86_64), `/chosen/bootargs` (AArch64, RISC-V) |
//! | `const LINUX_IMAGE: usize` | where the host's loader places the Linux program image (see [`crate::linux`]) |
//! | `fn init_linux()` | map [`LINUX_WINDOW`] for user mode and enable what glibc needs (x86_64: SSE) |
//! | `fn enter_linux(entry, sp) -> UserExit` | run a Linux program: stack pointer exactly `sp`, argument registers zero |
//! | `fn start_cpu(index, stack_top) -> bool` | start secondary CPU `index` on the stack ending at `stack_top`, to set up its traps and paging and call [`crate::smp::secondary_main`]; false if the machine has no such CPU |
//! | `fn timer_start()` / `fn timer_stop()` | start or stop this CPU's periodic timer, whose interrupt calls [`crate::smp::tick`] with this CPU's number |
//! | `fn wait_for_interrupt()` | wait for an interrupt with interrupts enabled and take it; masked again on return |
//! | `fn idle()` | halt this CPU with interrupts masked (until an event; call it in a loop) |
//! | `fn run_user_thread(entry, sp, args: [usize; 3]) -> UserExit` | [`run_user`] for a scheduler thread: its user code runs with interrupts enabled, so the timer preempts it (and its handlers run with them enabled) |
//! | `struct ThreadContext` | what a switch saves of a thread: its kernel stack pointer, the user FP state and the stack its entries from user mode land on |
//! | `fn ThreadContext::boot(cpu) -> ThreadContext` | the context of the code already running on CPU `cpu` (its bootstrap thread; its entries land on the CPU's own kernel stack) |
//! | `fn ThreadContext::new(kernel_top, entry_top, entry: extern "C" fn(usize) -> !, arg) -> ThreadContext` | a new thread: the first switch to it calls `entry(arg)` on the stack ending at `kernel_top`, interrupts masked; its entries from user mode land on the stack ending at `entry_top` |
//! | `unsafe fn switch(prev: *mut ThreadContext, next: *const ThreadContext)` | with interrupts masked: save the user FP state into `prev`, load `next`'s, make `next`'s entry stack the one user mode enters on (x86_64 `sysgate::cpu::set_kernel_stack`), switch stacks; returns when a later switch comes back |
//! | `fn interrupts_disable() -> bool` / `fn interrupts_restore(bool)` | mask interrupts on this CPU, returning whether they were enabled / enable them again if they were |
//! | `fn wake(cpu)` | interrupt CPU `cpu` out of [`idle`] or [`wait_for_interrupt`] (x86_64: an IPI, whose return to user mode runs the exit work) |
//! | `const USER_HALF_END: usize` | first address past the user half (x86_64 `1 << 47`, AArch64 `1 << 39`, RISC-V Sv39 `1 << 38`): where a syscall from the half's last bytes returns |
//!
//! Defined here for every architecture: [`USER_REGION`], the memory the user program may touch,
//! and [`UserExit`].
//!
//! The timer's interrupt calls [`crate::smp::tick`] (which hands it
//! to [`crate::sched::tick`]) and every return to user mode — after a syscall
//! (`EntryHooks::exit_to_user`) and after an interrupt or exception from user mode — runs
//! `sysgate::thread::exit_to_user_mode` with `common::context::exit_to_user`, which reschedules
//! and delivers a signal another thread sent (`tkill`; the interrupt's frame is handed over in
//! a syscall frame's layout on x86_64; AArch64 and RISC-V hand over their trap frame).
//!
//! Everything due on the way out is work raised on the thread: the signals' bits
//! ([`crate::signals::WORK`]: `rt_sigreturn`, syscall restart and signal delivery, done by
//! [`crate::signals::exit_to_user`]) and a termination ordered during the call, the thread's
//! [`TERMINATE`](crate::services::TERMINATE) work, on which [`crate::sched::exit_work`] ends the
//! program with [`UserExit::Terminated`].
//!
//! A page fault goes to [`crate::demand::page_fault`] first (demand paging, user-copy fixups);
//! a kernel access to user memory outside sysgate's copies ends the program with
//! [`UserExit::KernelBug`]. Any other user fault (bad access, illegal instruction) must end the
//! program with [`UserExit::Fault`], never bring the kernel down; any other kernel fault prints
//! and exits failing. The kernel runs with SMEP and SMAP (x86_64), PAN (AArch64) or
//! `sstatus.SUM` clear (RISC-V), so only sysgate's copies reach user memory.

use core::ops::Range;

mod common;
pub use common::context::KernelContext;
#[cfg(target_arch = "x86_64")]
mod x86_64;
#[cfg(target_arch = "x86_64")]
pub use x86_64::*;
#[cfg(target_arch = "aarch64")]
mod aarch64;
#[cfg(target_arch = "aarch64")]
pub use aarch64::*;
#[cfg(target_arch = "riscv64")]
mod riscv64;
#[cfg(target_arch = "riscv64")]
pub use riscv64::*;

/// Memory the user program may touch, mapped user-accessible: 64 MiB..72 MiB, four 2 MiB
/// blocks, at the same addresses on every architecture.
pub const USER_REGION: Range<usize> = 0x0400_0000..0x0480_0000;

/// How a user program ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserExit {
    /// It called `exit(code)`.
    Exited(usize),
    /// The kernel terminated it during a syscall that failed with `errno`.
    Terminated {
        /// The errno of the failed call.
        errno: u16,
    },
    /// A syscall handler accessed user memory at `addr` directly, from `pc`, outside the
    /// user-access routines: a kernel bug, stopped by SMAP, PAN or SUM.
    KernelBug {
        /// The kernel instruction.
        pc: usize,
        /// The user address.
        addr: usize,
    },
    /// A signal killed it: its default action, or a signal frame that could not be built or
    /// that `rt_sigreturn` refused.
    Killed {
        /// The signal.
        signo: u8,
    },
    /// It took a fault: exception `vector` at instruction `rip`.
    Fault {
        /// Architecture exception number.
        vector: u8,
        /// The user instruction address (or the return address refused).
        rip: usize,
    },
}
