//! A minimal syscall entry for benchmarks, and switching between it and the framework's.

use core::arch::asm;

// The minimal table differs from the framework's in one entry: a synchronous exception from
// AArch64 EL0 whose class is SVC returns 0 at once, without saving a frame or dispatching.
// It must still read ESR_EL1, since aborts share that vector; every other exception, and
// every other entry, branches to the framework's table and is handled as usual.
#[cfg(feature = "bench-entries")]
core::arch::global_asm!(
    ".pushsection .text.sysgate_vectors, \"ax\"",
    ".balign 0x800",
    ".global __sysgate_aarch64_vectors_minimal",
    "__sysgate_aarch64_vectors_minimal:",
    ".irp index, 0, 1, 2, 3, 4, 5, 6, 7",
    ".balign 0x80",
    "b __sysgate_aarch64_vectors + \\index * 0x80",
    ".endr",
    ".balign 0x80",
    "str x0, [sp, #-16]!",
    "mrs x0, esr_el1",
    "lsr x0, x0, #26",
    "cmp x0, #0x15",
    "ldr x0, [sp], #16",
    "b.ne __sysgate_aarch64_vectors + 8 * 0x80",
    "mov x0, xzr",
    "eret",
    ".irp index, 9, 10, 11, 12, 13, 14, 15",
    ".balign 0x80",
    "b __sysgate_aarch64_vectors + \\index * 0x80",
    ".endr",
    ".popsection",
);

unsafe extern "C" {
    static __sysgate_aarch64_vectors: u8;
    #[cfg(feature = "bench-entries")]
    static __sysgate_aarch64_vectors_minimal: u8;
}

/// Which syscall entry the vectors route `svc #0` from EL0 to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Save the frame, call [`crate::dispatch`], restore (installed by [`init`](super::init)).
    Framework,
    /// Return 0 at once: the floor a benchmark compares the framework with.
    #[cfg(feature = "bench-entries")]
    Minimal,
}

/// Installs the vector table whose syscall entry is `entry`.
///
/// # Safety
/// [`init`](super::init) must have run: the minimal table forwards everything but `svc` to the
/// framework's, which reports to the installed handler.
pub unsafe fn select_entry(entry: Entry) {
    let table = match entry {
        Entry::Framework => &raw const __sysgate_aarch64_vectors,
        #[cfg(feature = "bench-entries")]
        Entry::Minimal => &raw const __sysgate_aarch64_vectors_minimal,
    };
    // SAFETY: both tables are 2 KiB aligned and complete.
    unsafe { asm!("msr vbar_el1, {}", "isb", in(reg) table, options(nostack)) };
}
