//! What the trap entry calls in the kernel: [`EntryHooks`], registered with
//! [`kernel!`](crate::kernel!).

use super::{Trap, TrapFrame};

trap_hooks! {
    arch: aarch64,
    result: "x0",
    user_mode: "EL0",
    trap: "exception",
}
