//! The cycle counter the performance statistics read, on every architecture that has one.
//!
//! Unlike the per-architecture entry modules, this file is compiled for hosted targets too, so
//! host builds and benchmarks time calls with the same counter a kernel on that CPU would.
//!
//! | architecture | instruction        | rate                                            |
//! |--------------|--------------------|-------------------------------------------------|
//! | x86_64       | `rdtsc`            | the invariant TSC (constant, near the base clock) |
//! | aarch64      | `mrs cntvct_el0`   | `cntfrq_el0` Hz (62.5 MHz on QEMU `virt`)       |
//! | riscv64      | `rdtime`           | the platform timebase (10 MHz on QEMU `virt`)   |
//!
//! Elsewhere [`AVAILABLE`] is `false` and [`read`] returns 0.

/// What one tick of [`read`] is, for reports: TSC cycles on x86_64, timer ticks elsewhere.
pub const UNIT: &str = if cfg!(target_arch = "x86_64") {
    "cycles"
} else {
    "timer ticks"
};

/// Whether this architecture has a counter [`read`] can use.
pub const AVAILABLE: bool = cfg!(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64"
));

/// Reads the time-stamp counter (`rdtsc`).
///
/// Not serialising: the read may move a few instructions earlier or later, which is noise at
/// the scale of a syscall and keeps the read at ~25 cycles instead of ~55 for `rdtscp`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn read() -> u64 {
    let (lo, hi): (u32, u32);
    // SAFETY: `rdtsc` only writes edx:eax; it is allowed at CPL 3 unless CR4.TSD is set.
    unsafe {
        core::arch::asm!("rdtsc", out("eax") lo, out("edx") hi, options(nomem, nostack, preserves_flags))
    };
    (u64::from(hi) << 32) | u64::from(lo)
}

/// Reads the virtual counter (`cntvct_el0`) after an `isb`, so earlier instructions finish first.
#[cfg(target_arch = "aarch64")]
#[inline(always)]
pub fn read() -> u64 {
    let value: u64;
    // SAFETY: reading the counter has no side effects; EL1 may always read it, EL0 once
    // `CNTKCTL_EL1` allows it.
    unsafe {
        core::arch::asm!("isb", "mrs {}, cntvct_el0", out(reg) value, options(nomem, nostack, preserves_flags))
    };
    value
}

/// Reads the `time` CSR (`rdtime`).
#[cfg(target_arch = "riscv64")]
#[inline(always)]
pub fn read() -> u64 {
    let value: u64;
    // SAFETY: reading `time` has no side effects; U-mode may read it once `scounteren` allows.
    unsafe {
        core::arch::asm!("rdtime {}", out(reg) value, options(nomem, nostack, preserves_flags))
    };
    value
}

/// Returns 0: this architecture has no counter sysgate knows how to read.
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64"
)))]
#[inline(always)]
pub fn read() -> u64 {
    0
}
