use sysgate::syscall;

#[syscall(nr = 39, category = "process")]
async fn getpid() -> u64 {
    1
}

fn main() {}
