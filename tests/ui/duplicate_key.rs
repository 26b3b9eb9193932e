use sysgate::syscall;

#[syscall(nr = 39, category = "process", nr = 40)]
fn getpid() -> u64 {
    1
}

fn main() {}
