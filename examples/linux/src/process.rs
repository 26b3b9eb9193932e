//! The process: identity, exit, `uname`, `set_tid_address`.

use sysgate::{Errno, syscall};

use crate::args::UserAddr;
use crate::{arch, host};

/// The process id (and thread id) of the one process.
const PID: u32 = 1;

/// End the process with `status`.
#[syscall(table = crate::LINUX, nr(x86_64 = 60, aarch64 = 93, riscv64 = 93), category = "process")]
fn exit(status: i32) {
    host::exit(status)
}

/// End every thread of the process with `status`.
#[syscall(table = crate::LINUX, nr(x86_64 = 231, aarch64 = 94, riscv64 = 94), category = "process")]
fn exit_group(status: i32) {
    host::exit(status)
}

/// The process id.
#[syscall(table = crate::LINUX, nr(x86_64 = 39, aarch64 = 172, riscv64 = 172), category = "process")]
fn getpid() -> u32 {
    PID
}

/// The parent's process id: none (0).
#[syscall(table = crate::LINUX, nr(x86_64 = 110, aarch64 = 173, riscv64 = 173), category = "process")]
fn getppid() -> u32 {
    0
}

/// The thread id.
#[syscall(table = crate::LINUX, nr(x86_64 = 186, aarch64 = 178, riscv64 = 178), category = "process")]
fn gettid() -> u32 {
    PID
}

/// The real user id: root.
#[syscall(table = crate::LINUX, nr(x86_64 = 102, aarch64 = 174, riscv64 = 174), category = "security")]
fn getuid() -> u32 {
    0
}

/// The effective user id: root.
#[syscall(table = crate::LINUX, nr(x86_64 = 107, aarch64 = 175, riscv64 = 175), category = "security")]
fn geteuid() -> u32 {
    0
}

/// The real group id: root.
#[syscall(table = crate::LINUX, nr(x86_64 = 104, aarch64 = 176, riscv64 = 176), category = "security")]
fn getgid() -> u32 {
    0
}

/// The effective group id: root.
#[syscall(table = crate::LINUX, nr(x86_64 = 108, aarch64 = 177, riscv64 = 177), category = "security")]
fn getegid() -> u32 {
    0
}

/// The supplementary groups: root's group alone (`size` 0 asks how many).
#[syscall(table = crate::LINUX, nr(x86_64 = 115, aarch64 = 158, riscv64 = 158), category = "security")]
fn getgroups(size: i32, list: UserAddr) -> Result<usize, Errno> {
    match size {
        0 => Ok(1),
        1.. => list.write(&0u32.to_le_bytes()).map(|()| 1),
        _ => Err(Errno::EINVAL),
    }
}

/// Where to clear the thread id at exit (no thread ever waits on it); returns the thread id.
#[syscall(table = crate::LINUX, nr(x86_64 = 218, aarch64 = 96, riscv64 = 96), category = "process")]
fn set_tid_address(tidptr: UserAddr) -> u32 {
    let _ = tidptr;
    PID
}

/// System names: `Linux`, host `sysgate`, this architecture.
#[syscall(table = crate::LINUX, nr(x86_64 = 63, aarch64 = 160, riscv64 = 160), category = "system")]
fn uname(buf: UserAddr) -> Result<(), Errno> {
    const FIELD: usize = 65;
    let mut uts = [0u8; FIELD * 6];
    let fields = [
        "Linux",
        "sysgate",
        "6.12.0-sysgate",
        "#1 sysgate Linux personality",
        arch::MACHINE,
        "(none)",
    ];
    for (i, f) in fields.iter().enumerate() {
        uts[i * FIELD..i * FIELD + f.len()].copy_from_slice(f.as_bytes());
    }
    buf.write(&uts)
}
