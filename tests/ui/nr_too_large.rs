use sysgate::syscall;

#[syscall(nr = 5000, category = "process")]
fn getpid() -> u64 {
    1
}

#[syscall(nr = 99999999999, category = "process")]
fn getppid() -> u64 {
    1
}

#[syscall(nr = 1024, category = "process")]
fn gettid() -> u64 {
    1
}

fn main() {}
