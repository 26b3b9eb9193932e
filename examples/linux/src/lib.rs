//! A Linux personality: enough of Linux's system calls, as ordinary `#[syscall]` handlers in a
//! table of their own ([`LINUX`](static@LINUX)), to run an unmodified static Linux program (Debian's
//! `busybox-static`) without fork.
//!
//! Each handler declares Linux's number on every architecture (`nr(x86_64 = 1, aarch64 = 64,
//! riscv64 = 64)`); the table decodes integer arguments the way Linux does (the low bits of
//! the register). A kernel names this crate, registers its [`Host`] with [`host!`], gives it
//! the process's memory with [`start`], selects `LINUX::TABLE` for the thread and enters the
//! program.
//!
//! Files come from a small read-only in-memory tree ([`fs`]); descriptors 0–2 are the
//! console. Calls not handled here return `ENOSYS` and are counted per number by the table.
#![no_std]

mod arch;
mod args;
mod fd;
mod files;
pub mod fs;
mod host;
mod memory;
mod process;
mod signals;
mod time;

pub use arch::UNHANDLED;
pub use args::{InBytes, MapFlags, OpenFlags, Path, Prot, UserAddr};
pub use host::Host;
pub use memory::Layout;
pub use signals::recorded_handlers;

sysgate::syscall_table! {
    /// Linux's system calls: Linux's numbers per architecture, Linux's argument decoding.
    pub LINUX = "linux", decoding = Linux
}

/// Starts the personality for one process: the layout of its memory (the break starts after
/// the program, anonymous mappings grow down from below the stack).
pub fn start(layout: Layout) {
    memory::set_layout(layout);
    fd::reset();
    signals::reset();
}
