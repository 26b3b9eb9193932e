use sysgate::syscall;

#[syscall(category = "process")]
fn getpid() -> u64 {
    1
}

fn main() {}
