use sysgate::syscall;

#[syscall(nr = 39, category = "process", nmae = "pid")]
fn getpid() -> u64 {
    1
}

fn main() {}
