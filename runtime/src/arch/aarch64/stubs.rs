//! Raw user-side syscall stubs: `svc #0`, number in `x8`, arguments in `x0..x5`, result in `x0`.
//!
//! The kernel preserves every register except `x0`, so the stubs declare no other clobbers.

crate::arch::stubs::register_stubs!("svc #0", nr: "x8", args: ["x0", "x1", "x2", "x3", "x4", "x5"]);
