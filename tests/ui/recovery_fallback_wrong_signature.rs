use sysgate::{Errno, syscall};

/// Takes a different argument type than the handler.
fn old_stat(path: &str) -> Result<usize, Errno> {
    Ok(path.len())
}

/// Takes one argument fewer than the handler.
fn old_fstat() -> usize {
    0
}

#[syscall(nr = 4, category = "file", recovery = "fallback", fallback = old_stat)]
fn stat(fd: u32) -> usize {
    fd as usize
}

#[syscall(nr = 5, category = "file", recovery = "fallback", fallback = old_fstat)]
fn fstat(fd: u32) -> usize {
    fd as usize
}

fn main() {}
