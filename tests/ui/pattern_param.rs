use sysgate::syscall;

#[syscall(nr = 1, category = "file")]
fn write((fd, len): (u32, usize)) -> usize {
    let _ = fd;
    len
}

fn main() {}
