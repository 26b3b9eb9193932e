//! Per-CPU entry state: one area per CPU, found through a register user code cannot change.
//!
//! Each CPU calls `init_cpu` once, before it takes syscalls, with its number (below
//! [`MAX_CPUS`]). From then on the architecture's entry finds the area without trusting any
//! user register:
//!
//! | architecture | where the area is | what the entry takes from it |
//! | --- | --- | --- |
//! | x86_64 | `GS` base in ring 0, `KERNEL_GS_BASE` in ring 3 (`swapgs` on every entry from and return to ring 3, as Linux does) | the kernel stack for `syscall`; the TSS's `RSP0` for interrupts and exceptions follows it |
//! | AArch64 | `TPIDR_EL1` (not accessible from EL0) | the CPU number |
//! | RISC-V | the kernel's `tp` in S-mode, `sscratch` while U-mode runs (swapped on every trap, as Linux does; the user's `tp` is saved, never trusted) | the kernel stack, the kernel's `tp` |
//!
//! Each area also holds the current [`Thread`](crate::thread::Thread) ([`crate::thread::current`],
//! one load). A kernel that switches threads calls [`crate::thread::set_current`] at every switch
//! and makes sure the next entry from user mode lands on the thread's own kernel stack (Linux's
//! `cpu_current_top_of_stack`):
//! - x86_64 and RISC-V: `set_kernel_stack` with the next thread's stack top, before it returns
//!   to that thread's user code (x86_64: the area's `syscall` stack and the TSS's `RSP0`;
//!   RISC-V: the area's kernel-stack slot, which `enter_user` sets too). The entries then leave
//!   the slot alone, so a return to user mode stores nothing;
//! - AArch64: nothing to call — exceptions from EL0 are taken on `SP_EL1` as it was at the
//!   `eret`, i.e. on the stack of the thread that returned to EL0.

mod max;

pub use max::MAX_CPUS;

#[cfg(all(target_arch = "aarch64", target_os = "none"))]
use crate::arch::aarch64::percpu as arch;
#[cfg(all(target_arch = "riscv64", target_os = "none"))]
use crate::arch::riscv64::percpu as arch;
#[cfg(all(target_arch = "x86_64", target_os = "none"))]
use crate::arch::x86_64::percpu as arch;

use core::fmt;

/// Why `init_cpu` or `set_kernel_stack` refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpuError {
    /// The CPU number is not below [`MAX_CPUS`].
    TooMany {
        /// The number asked for.
        cpu: usize,
    },
    /// The stack top is not 16-byte aligned.
    MisalignedStack {
        /// The stack top given.
        top: usize,
    },
}

impl fmt::Display for CpuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CpuError::TooMany { cpu } => write!(
                f,
                "CPU {cpu} is past this build's maximum of {MAX_CPUS} (set SYSGATE_MAX_CPUS when building sysgate)"
            ),
            CpuError::MisalignedStack { top } => {
                write!(f, "kernel stack top {top:#x} is not 16-byte aligned")
            }
        }
    }
}

/// Sets up CPU `cpu`'s area on the calling CPU. Call it once on every CPU, before the
/// architecture's entry setup (x86_64: `sysgate::arch::x86_64::init`) and before any
/// syscall.
///
/// # Safety
/// Ring 0 / EL1 / S-mode; `cpu` must be this CPU's number and no other CPU's.
#[cfg(target_os = "none")]
pub unsafe fn init_cpu(cpu: usize) -> Result<(), CpuError> {
    if cpu >= MAX_CPUS {
        return Err(CpuError::TooMany { cpu });
    }
    // SAFETY: forwarded to the caller; `cpu` is in range. The CPU's boot thread is current
    // until the scheduler's first `set_current`, so the entry always finds a thread.
    unsafe {
        arch::install(cpu);
        crate::thread::set_current(crate::thread::boot_thread(cpu));
    }
    Ok(())
}

/// Makes `top` the kernel stack of the next entry from user mode on this CPU: syscalls, and
/// also interrupts and exceptions (x86_64 through the TSS; RISC-V takes every trap from U-mode
/// there). A scheduler calls it when it switches to a thread, with that thread's kernel stack.
///
/// # Safety
/// After [`init_cpu`] on this CPU, with interrupts masked (the switch must not be torn); the
/// stack must stay valid while the thread can enter from user mode.
#[cfg(all(
    any(target_arch = "x86_64", target_arch = "riscv64"),
    target_os = "none"
))]
pub unsafe fn set_kernel_stack(top: usize) -> Result<(), CpuError> {
    check_stack(top)?;
    // SAFETY: forwarded to the caller.
    unsafe { arch::set_kernel_stack(top) };
    Ok(())
}

/// The byte offset of this CPU's counter shard in every syscall's statistics, from its area
/// ([`crate::perf`]).
#[cfg(target_os = "none")]
#[inline(always)]
pub(crate) fn shard_offset() -> usize {
    arch::shard_offset()
}

/// The number of the CPU running this code, from its area (after [`init_cpu`]).
#[cfg(target_os = "none")]
#[inline(always)]
pub fn id() -> usize {
    arch::id()
}

#[cfg(all(
    any(target_arch = "x86_64", target_arch = "riscv64"),
    target_os = "none"
))]
pub(crate) fn check_stack(top: usize) -> Result<(), CpuError> {
    if top.is_multiple_of(16) {
        Ok(())
    } else {
        Err(CpuError::MisalignedStack { top })
    }
}
