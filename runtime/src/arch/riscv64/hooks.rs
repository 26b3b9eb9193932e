//! What the trap entry calls in the kernel: [`EntryHooks`], registered with
//! [`kernel!`](crate::kernel!).

use super::{Trap, TrapFrame};

trap_hooks! {
    arch: riscv64,
    result: "a0",
    user_mode: "U-mode",
    trap: "trap",
}
