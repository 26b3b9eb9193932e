//! Syscalls of the example kernel declared outside the kernel crate.
//!
//! They reach the dispatch table only because the kernel names this crate
//! (`use sysgate_example_kernel_extra as _;`): a crate nothing references is not linked.
#![no_std]

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use sysgate::syscall;

static YIELDS: AtomicU64 = AtomicU64::new(0);

/// The parent's process id (the kernel: 0).
#[syscall(nr = 110, category = "process")]
fn getppid() -> u32 {
    0
}

/// Give up the CPU; returns how many yields happened before this one.
#[syscall(nr = 24, category = "process", fast)]
fn sched_yield() -> u64 {
    YIELDS.fetch_add(1, Relaxed)
}

/// Time since boot in platform ticks (never 0 after boot).
#[syscall(nr = 201, category = "time")]
fn uptime() -> u64 {
    sysgate::platform::get().now_ns().max(1)
}
