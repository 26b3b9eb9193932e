//! The default build as a newcomer gets it: default features (no `std`), nothing configured, a
//! kernel that keeps every default but the one it must give (one CPU), registered as the crate
//! documentation shows. A one-argument handler through `dispatch`, `fast` and with the default
//! instrumentation, beside a direct call and a real Linux null syscall.
//!
//! Run: `cargo bench -p sysgate --bench newcomer` (no feature flags). See `README.md` next to
//! this file.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sysgate::{dispatch, syscall};

/// The newcomer's kernel (with `std` the host kernel is registered instead).
#[cfg(not(feature = "std"))]
mod kernel {
    /// One CPU, every other service at its default.
    struct Newcomer;

    impl sysgate::Kernel for Newcomer {
        fn cpu_id() -> usize {
            0
        }
    }

    impl sysgate::arch::EntryHooks for Newcomer {}

    sysgate::kernel!(Newcomer);
}

/// One argument, instrumented by default.
#[syscall(nr = 20, category = "file")]
fn fsync(fd: u32) -> u32 {
    fd
}

/// The same handler, marked `fast`.
#[syscall(nr = 21, category = "file", fast)]
fn fsync_fast(fd: u32) -> u32 {
    fd
}

/// Linux's cost of entering and leaving the kernel: `syscall` with a number it does not know.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn null_syscall() -> isize {
    let ret: isize;
    // SAFETY: number 100000 is no Linux syscall: the kernel returns -ENOSYS and touches nothing.
    unsafe {
        std::arch::asm!("syscall", inlateout("rax") 100_000isize => ret,
            lateout("rcx") _, lateout("r11") _, options(nostack))
    };
    ret
}

fn newcomer(c: &mut Criterion) {
    let mut g = c.benchmark_group("newcomer's default build");
    g.bench_function("a direct call", |b| {
        b.iter(|| black_box(fsync)(black_box(3)))
    });
    g.bench_function("b' dispatch, `fast` handler", |b| {
        b.iter(|| dispatch(black_box(21), [black_box(3), 0, 0, 0, 0, 0]))
    });
    g.bench_function("d dispatch, default instrumentation", |b| {
        b.iter(|| dispatch(black_box(20), [black_box(3), 0, 0, 0, 0, 0]))
    });
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    g.bench_function("g Linux null syscall", |b| b.iter(null_syscall));
    g.finish();
}

criterion_group!(benches, newcomer);
criterion_main!(benches);
