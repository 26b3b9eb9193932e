use sysgate::syscall;

#[syscall(nr = 39, category = "process", name = "get pid")]
fn getpid() -> u64 {
    1
}

fn main() {}
