use sysgate::syscall;

const NR: usize = 39;

#[syscall(nr = NR, category = "process")]
fn getpid() -> u64 {
    1
}

fn main() {}
