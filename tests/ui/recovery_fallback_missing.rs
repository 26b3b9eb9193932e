use sysgate::syscall;

#[syscall(nr = 4, category = "file", recovery = "fallback")]
fn stat(fd: u32) -> usize {
    fd as usize
}

fn main() {}
