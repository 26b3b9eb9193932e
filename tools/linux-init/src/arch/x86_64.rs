//! x86_64: `syscall`, `rdtsc` (one tick per instruction under `-icount shift=0`).

use core::arch::{asm, global_asm};

/// Linux x86_64 system-call numbers.
pub mod nr {
    pub const WRITE: usize = 1;
    pub const EXIT: usize = 60;
    pub const NANOSLEEP: usize = 35;
    pub const GETPPID: usize = 110;
    pub const REBOOT: usize = 169;
}

global_asm!(
    ".globl _start",
    "_start:",
    "xor ebp, ebp",
    "and rsp, -16",
    "call {main}",
    "ud2",
    main = sym super::main,
);

/// System call `nr` with three arguments.
pub fn syscall3(nr: usize, a: usize, b: usize, c: usize) -> isize {
    let ret: isize;
    // SAFETY: the calls made here read or write only the buffers their arguments name.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr as isize => ret,
            in("rdi") a, in("rsi") b, in("rdx") c,
            lateout("rcx") _, lateout("r11") _,
            options(nostack),
        );
    }
    ret
}

/// `n` null system calls `nr`: the loop of sysgate's benchmark (`mov`, `syscall`, `dec`, `jne`).
pub fn null_syscalls(nr: usize, n: u64) {
    // SAFETY: the calls take no argument; the kernel preserves all but rax, rcx and r11.
    unsafe {
        asm!(
            "2:",
            "mov eax, {nr:e}",
            "syscall",
            "dec {n}",
            "jne 2b",
            nr = in(reg) nr,
            n = inout(reg) n => _,
            out("rax") _, out("rcx") _, out("r11") _,
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
            "mov eax, 0",
            "nop",
            "dec {n}",
            "jne 2b",
            n = inout(reg) n => _,
            out("rax") _,
            options(nomem, nostack),
        );
    }
}

/// The time-stamp counter.
pub fn counter() -> u64 {
    let (lo, hi): (u32, u32);
    // SAFETY: `rdtsc` only reads the counter.
    unsafe { asm!("rdtsc", out("eax") lo, out("edx") hi, options(nomem, nostack)) };
    (u64::from(hi) << 32) | u64::from(lo)
}

/// Counter ticks as hundredths of guest instructions (the TSC follows the virtual clock).
pub fn hundredths_of_instructions(ticks: u64) -> u64 {
    ticks * 100
}
