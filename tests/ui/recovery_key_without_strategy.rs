use sysgate::syscall;

// Strategy parameters given to a syscall whose recovery does not use them.
#[syscall(nr = 0, category = "file", retries = 3)]
fn read(fd: u32) -> usize {
    fd as usize
}

#[syscall(nr = 1, category = "file", recovery = "retry", base_us = 10, cap_us = 100)]
fn write(fd: u32) -> usize {
    fd as usize
}

#[syscall(nr = 2, category = "file", recovery = "terminate", fallback = read)]
fn close(fd: u32) -> usize {
    fd as usize
}

fn main() {}
