use sysgate::syscall;

#[syscall(nr = 39, category = "process")]
unsafe fn getpid() -> u64 {
    1
}

fn main() {}
