use sysgate::syscall;

struct Kernel;

impl Kernel {
    #[syscall(nr = 39, category = "process")]
    fn getpid(&self) -> u64 {
        1
    }
}

fn main() {}
