use sysgate::syscall;

#[syscall(nr = 1, category = "file")]
unsafe extern "C" fn printk(fmt: usize, ...) -> usize {
    fmt
}

fn main() {}
