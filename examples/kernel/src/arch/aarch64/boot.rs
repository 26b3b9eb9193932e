//! Entry from QEMU's `-kernel` loader at EL1: enable the FPU, set the boot stack, zero `.bss`,
//! then `kmain`.
//!
//! `CPACR_EL1.FPEN` lets user programs use FP/SIMD (it cannot let EL0 use it and trap EL1).
//! The kernel itself is built for `aarch64-unknown-none-softfloat` and never does; built for
//! `aarch64-unknown-none`, its ordinary code (`core::fmt`, copies) uses NEON, which is why the
//! bit is set before any Rust code runs.

use core::arch::global_asm;

use crate::arch::common::boot::{BOOT_STACK, BOOT_STACK_SIZE, start};

global_asm!(
    ".section .text.boot, \"ax\"",
    ".global _start",
    "_start:",
    "mov x9, #(3 << 20)",
    "msr cpacr_el1, x9",
    "isb",
    "adrp x9, {stack}",
    "add x9, x9, :lo12:{stack}",
    "mov x10, #{stack_size}",
    "add sp, x9, x10",
    "adrp x9, __bss_start",
    "add x9, x9, :lo12:__bss_start",
    "adrp x10, __bss_end",
    "add x10, x10, :lo12:__bss_end",
    "1: cmp x9, x10",
    "b.hs 2f",
    "str xzr, [x9], #8",
    "b 1b",
    "2: bl {start}",
    "3: wfe",
    "b 3b",
    stack = sym BOOT_STACK,
    stack_size = const BOOT_STACK_SIZE,
    start = sym start,
);
