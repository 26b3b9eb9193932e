use sysgate::syscall;

#[syscall(nr = 0, category = "network", recovery = "backoff", base_us = 500, cap_us = 100)]
fn send(fd: u32) -> usize {
    fd as usize
}

#[syscall(nr = 1, category = "network", recovery = "backoff", base_us = 0)]
fn recv(fd: u32) -> usize {
    fd as usize
}

fn main() {}
