//! A minimal syscall entry for benchmarks, and switching between it and the framework's.

use core::arch::asm;

// On a U-mode `ecall` the minimal vector returns 0 at once: no frame, no dispatch, just
// `sepc += 4`. It must still read `scause`, since every trap shares the vector; it reaches the
// hart's area through the `tp`/`sscratch` swap (see `percpu`) to keep `a0` while it looks. Any
// other trap, and every trap from S-mode, goes to the framework's vector with all registers
// (and the swap) as they were.
#[cfg(feature = "bench-entries")]
core::arch::global_asm!(
    ".pushsection .text.sysgate_trap, \"ax\"",
    ".balign 4",
    ".global __sysgate_riscv64_trap_minimal",
    "__sysgate_riscv64_trap_minimal:",
    "csrrw tp, sscratch, tp",
    "beqz tp, 1f",
    "sd a0, {scratch}(tp)",
    "csrr a0, scause",
    "addi a0, a0, -8",
    "bnez a0, 2f",
    "csrr a0, sepc",
    "addi a0, a0, 4",
    "csrw sepc, a0",
    "csrrw tp, sscratch, tp",
    "li a0, 0",
    "sret",
    "2:",
    "ld a0, {scratch}(tp)",
    "1:",
    "csrrw tp, sscratch, tp",
    "j __sysgate_riscv64_trap_vector",
    ".popsection",
    scratch = const super::percpu::PerCpu::SCRATCH,
);

unsafe extern "C" {
    static __sysgate_riscv64_trap_vector: u8;
    #[cfg(feature = "bench-entries")]
    static __sysgate_riscv64_trap_minimal: u8;
}

/// Which syscall entry `stvec` routes U-mode `ecall` to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Save the frame, call [`crate::dispatch`], restore (installed by [`init`](super::init)).
    Framework,
    /// Return 0 at once: the floor a benchmark compares the framework with.
    #[cfg(feature = "bench-entries")]
    Minimal,
}

/// Points `stvec` at the vector whose syscall entry is `entry`.
///
/// # Safety
/// [`init`](super::init) must have run: the minimal vector forwards everything but `ecall` to
/// the framework's, which reports to the installed handler.
pub unsafe fn select_entry(entry: Entry) {
    let vector = match entry {
        Entry::Framework => &raw const __sysgate_riscv64_trap_vector,
        #[cfg(feature = "bench-entries")]
        Entry::Minimal => &raw const __sysgate_riscv64_trap_minimal,
    };
    // SAFETY: both vectors are 4-byte aligned, direct-mode entries.
    unsafe { asm!("csrw stvec, {}", in(reg) vector, options(nostack)) };
}
