//! Entry from OpenSBI in S-mode (`a0` = hart id, `a1` = device tree): set the boot stack, zero
//! `.bss`, record the hart id, then `kmain` with the device tree.
//!
//! The kernel is built for `riscv64imac-unknown-none-elf`, without FP instructions, and runs
//! with the FPU off (`sstatus.FS` = Off, see `sysgate::arch::riscv64::init`): an FP
//! instruction in it would trap. User programs get the FPU from `enter_user`.

use core::arch::global_asm;

use super::smp::BOOT_HART;
use crate::arch::common::boot::{BOOT_STACK, BOOT_STACK_SIZE, start};

global_asm!(
    ".section .text.boot, \"ax\"",
    ".global _start",
    "_start:",
    "la sp, {stack}",
    "li t0, {stack_size}",
    "add sp, sp, t0",
    "la t0, __bss_start",
    "la t1, __bss_end",
    "1: bgeu t0, t1, 2f",
    "sd zero, 0(t0)",
    "addi t0, t0, 8",
    "j 1b",
    "2: la t0, {boot_hart}",
    "sd a0, 0(t0)",
    "mv a0, a1",
    "call {start}",
    "3: wfi",
    "j 3b",
    stack = sym BOOT_STACK,
    stack_size = const BOOT_STACK_SIZE,
    start = sym start,
    boot_hart = sym BOOT_HART,
);
