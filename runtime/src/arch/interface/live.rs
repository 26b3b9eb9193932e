//! Reading the installed entry from the hardware: the only architecture-specific part of the
//! interface.

use super::InstalledEntry;

/// Classifies a register value against the runtime's entries (the minimal one exists with the
/// `bench-entries` feature).
#[cfg(all(
    target_os = "none",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
))]
fn classify(value: usize, framework: usize, minimal: Option<usize>) -> InstalledEntry {
    if value == framework {
        InstalledEntry::Framework
    } else if Some(value) == minimal {
        InstalledEntry::Minimal
    } else {
        InstalledEntry::Foreign
    }
}

/// The value of LSTAR and the entry it selects.
#[cfg(all(target_arch = "x86_64", target_os = "none"))]
pub(super) fn entry() -> Option<(usize, InstalledEntry)> {
    let value = x86_64::registers::model_specific::LStar::read().as_u64() as usize;
    #[cfg(feature = "bench-entries")]
    let minimal = Some(crate::arch::x86_64::syscall_entry_minimal as *const () as usize);
    #[cfg(not(feature = "bench-entries"))]
    let minimal = None;
    let framework = crate::arch::x86_64::syscall_entry as *const () as usize;
    let which = classify(value, framework, minimal);
    Some((value, which))
}

/// The value of VBAR_EL1 and the vector table it selects.
#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub(super) fn entry() -> Option<(usize, InstalledEntry)> {
    unsafe extern "C" {
        static __sysgate_aarch64_vectors: u8;
        #[cfg(feature = "bench-entries")]
        static __sysgate_aarch64_vectors_minimal: u8;
    }
    let value: usize;
    // SAFETY: reading VBAR_EL1 has no side effect (EL1 only).
    unsafe { core::arch::asm!("mrs {}, vbar_el1", out(reg) value, options(nomem, nostack)) };
    #[cfg(feature = "bench-entries")]
    let minimal = Some((&raw const __sysgate_aarch64_vectors_minimal) as usize);
    #[cfg(not(feature = "bench-entries"))]
    let minimal = None;
    let which = classify(
        value,
        (&raw const __sysgate_aarch64_vectors) as usize,
        minimal,
    );
    Some((value, which))
}

/// The base in stvec (mode bits cleared) and the vector it selects.
#[cfg(all(target_arch = "riscv64", target_os = "none"))]
pub(super) fn entry() -> Option<(usize, InstalledEntry)> {
    unsafe extern "C" {
        static __sysgate_riscv64_trap_vector: u8;
        #[cfg(feature = "bench-entries")]
        static __sysgate_riscv64_trap_minimal: u8;
    }
    let value: usize;
    // SAFETY: reading stvec has no side effect (S-mode only).
    unsafe { core::arch::asm!("csrr {}, stvec", out(reg) value, options(nomem, nostack)) };
    let value = value & !0b11;
    #[cfg(feature = "bench-entries")]
    let minimal = Some((&raw const __sysgate_riscv64_trap_minimal) as usize);
    #[cfg(not(feature = "bench-entries"))]
    let minimal = None;
    let which = classify(
        value,
        (&raw const __sysgate_riscv64_trap_vector) as usize,
        minimal,
    );
    Some((value, which))
}

/// A hosted build (or another architecture) has no entry to read.
#[cfg(not(all(
    target_os = "none",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
)))]
pub(super) fn entry() -> Option<(usize, InstalledEntry)> {
    None
}
