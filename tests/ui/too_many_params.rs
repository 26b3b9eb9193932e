use sysgate::syscall;

#[syscall(nr = 300, category = "system")]
fn seven(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64, g: u64) -> u64 {
    a + b + c + d + e + f + g
}

fn main() {}
