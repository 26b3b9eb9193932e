use sysgate::syscall;

#[syscall(nr = 0, category = "file")]
fn f(x: &u64) -> u64 {
    *x
}

#[syscall(nr = 1, category = "file")]
fn g(buf: &mut [u8], name: &'static str) -> usize {
    buf.len() + name.len()
}

#[syscall(nr = 2, category = "file")]
fn h(x: Option<&'static u8>, y: impl Copy) -> u8 {
    let _ = y;
    x.copied().unwrap_or(0)
}

fn main() {}
