//! AArch64: `svc #0`, `cntvct_el0` scaled by `cntfrq_el0` (62.5 MHz: 16 instructions a tick
//! under `-icount shift=0`).

use core::arch::{asm, global_asm};

/// Linux asm-generic system-call numbers.
pub mod nr {
    pub const WRITE: usize = 64;
    pub const EXIT: usize = 93;
    pub const NANOSLEEP: usize = 101;
    pub const REBOOT: usize = 142;
    pub const GETPPID: usize = 173;
}

global_asm!(
    ".globl _start",
    "_start:",
    "mov x29, xzr",
    "mov x30, xzr",
    "bl {main}",
    "brk #0",
    main = sym super::main,
);

/// System call `nr` with three arguments.
pub fn syscall3(nr: usize, a: usize, b: usize, c: usize) -> isize {
    let ret: isize;
    // SAFETY: the calls made here read or write only the buffers their arguments name.
    unsafe {
        asm!(
            "svc #0",
            in("x8") nr,
            inlateout("x0") a as isize => ret,
            in("x1") b, in("x2") c,
            options(nostack),
        );
    }
    ret
}

/// `n` null system calls `nr`: the loop of sysgate's benchmark (`mov`, `svc`, `subs`, `b.ne`).
pub fn null_syscalls(nr: usize, n: u64) {
    // SAFETY: the calls take no argument; the kernel preserves all but x0.
    unsafe {
        asm!(
            "2:",
            "mov x8, {nr}",
            "svc #0",
            "subs {n}, {n}, #1",
            "b.ne 2b",
            nr = in(reg) nr,
            n = inout(reg) n => _,
            out("x0") _, out("x8") _,
            options(nostack),
        );
    }
}

/// `n` iterations of a four-instruction loop: the calibration.
pub fn four_instructions(n: u64) {
    // SAFETY: register arithmetic only.
    unsafe {
        asm!(
            "2:",
            "mov x8, #0",
            "nop",
            "subs {n}, {n}, #1",
            "b.ne 2b",
            n = inout(reg) n => _,
            out("x8") _,
            options(nomem, nostack),
        );
    }
}

/// The virtual counter.
pub fn counter() -> u64 {
    let ticks: u64;
    // SAFETY: Linux lets user mode read the virtual counter.
    unsafe { asm!("isb", "mrs {}, cntvct_el0", out(reg) ticks, options(nomem, nostack)) };
    ticks
}

/// Counter ticks as hundredths of guest instructions (1 ns each).
pub fn hundredths_of_instructions(ticks: u64) -> u64 {
    let hz: u64;
    // SAFETY: reads the counter frequency.
    unsafe { asm!("mrs {}, cntfrq_el0", out(reg) hz, options(nomem, nostack)) };
    ticks * 100 * 1_000_000_000 / hz.max(1)
}
