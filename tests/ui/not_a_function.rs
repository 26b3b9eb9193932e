use sysgate::syscall;

#[syscall(nr = 1, category = "file")]
struct Write;

fn main() {}
