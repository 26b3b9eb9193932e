//! Raw user-side syscall stubs: `ecall`, number in `a7`, arguments in `a0..a5`, result in `a0`.
//!
//! The kernel preserves every register except `a0`, so the stubs declare no other clobbers.

crate::arch::stubs::register_stubs!("ecall", nr: "a7", args: ["a0", "a1", "a2", "a3", "a4", "a5"]);
