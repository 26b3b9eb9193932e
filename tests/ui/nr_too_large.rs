use sysgate::syscall;

#[syscall(nr = 4096, category = "process")]
fn getpid() -> u64 {
    1
}

#[syscall(nr = 99999999999, category = "process")]
fn getppid() -> u64 {
    1
}

fn main() {}
