use sysgate::syscall;

#[syscall(nr = 3, category = "file")]
fn param(x: dyn Send) -> usize {
    0
}

#[syscall(nr = 4, category = "file")]
fn ret(_x: u32) -> dyn Send {
    loop {}
}

fn main() {}
