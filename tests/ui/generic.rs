use sysgate::syscall;

#[syscall(nr = 1, category = "file")]
fn write<T: Copy>(fd: T) -> usize {
    let _ = fd;
    0
}

fn main() {}
