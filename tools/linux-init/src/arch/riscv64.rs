//! RISC-V: `ecall`, `rdtime` (QEMU `virt`'s 10 MHz timebase: 100 instructions a tick under
//! `-icount shift=0`).

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
    "mv fp, zero",
    "mv ra, zero",
    "call {main}",
    "unimp",
    main = sym super::main,
);

/// System call `nr` with three arguments.
pub fn syscall3(nr: usize, a: usize, b: usize, c: usize) -> isize {
    let ret: isize;
    // SAFETY: the calls made here read or write only the buffers their arguments name.
    unsafe {
        asm!(
            "ecall",
            in("a7") nr,
            inlateout("a0") a as isize => ret,
            in("a1") b, in("a2") c,
            options(nostack),
        );
    }
    ret
}

/// `n` null system calls `nr`: the loop of sysgate's benchmark (`mv`, `ecall`, `addi`, `bnez`).
pub fn null_syscalls(nr: usize, n: u64) {
    // SAFETY: the calls take no argument; the kernel preserves all but a0.
    unsafe {
        asm!(
            "2:",
            "mv a7, {nr}",
            "ecall",
            "addi {n}, {n}, -1",
            "bnez {n}, 2b",
            nr = in(reg) nr,
            n = inout(reg) n => _,
            out("a0") _, out("a7") _,
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
            "li a7, 0",
            "nop",
            "addi {n}, {n}, -1",
            "bnez {n}, 2b",
            n = inout(reg) n => _,
            out("a7") _,
            options(nomem, nostack),
        );
    }
}

/// The time counter.
pub fn counter() -> u64 {
    let ticks: u64;
    // SAFETY: Linux lets user mode read the time CSR.
    unsafe { asm!("rdtime {}", out(reg) ticks, options(nomem, nostack)) };
    ticks
}

/// Counter ticks as hundredths of guest instructions (1 ns each at a 10 MHz timebase).
pub fn hundredths_of_instructions(ticks: u64) -> u64 {
    ticks * 100 * 100
}
