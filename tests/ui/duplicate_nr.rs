use sysgate::syscall;

#[syscall(nr = 39, category = "process")]
fn getpid() -> u64 {
    1
}

mod compat {
    use sysgate::syscall;

    #[syscall(nr = 39, category = "process")]
    fn getpid_old() -> u64 {
        1
    }
}

fn main() {}
