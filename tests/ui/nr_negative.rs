use sysgate::syscall;

#[syscall(nr = -1, category = "process")]
fn getpid() -> u64 {
    1
}

fn main() {}
