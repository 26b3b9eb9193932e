use sysgate::syscall;

#[syscall(nr = 39, category = "process")]
fn name() -> &'static str {
    "init"
}

#[syscall(nr = 40, category = "process")]
fn name2() -> Result<u64, &'static str> {
    Err("no")
}

fn main() {}
