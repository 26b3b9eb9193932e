use sysgate::syscall;

#[syscall(nr = 0, category = "file", recovery = "retry", retries = 0)]
fn read(fd: u32) -> usize {
    fd as usize
}

#[syscall(nr = 1, category = "file", recovery = "free_memory", retries = 100)]
fn write(fd: u32) -> usize {
    fd as usize
}

#[syscall(nr = 2, category = "file", recovery = "backoff", retries = -1)]
fn close(fd: u32) -> usize {
    fd as usize
}

#[syscall(nr = 3, category = "file", recovery = "retry", retries = "3")]
fn stat(fd: u32) -> usize {
    fd as usize
}

fn main() {}
