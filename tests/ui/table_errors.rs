use sysgate::syscall;

sysgate::syscall_table! {
    /// A second table.
    pub LINUX = "linux", decoding = Linux
}

// Not a path.
#[syscall(table = "LINUX", nr = 1, category = "file")]
fn write_a() {}

// A table that was never declared.
#[syscall(table = NOPE, nr = 2, category = "file")]
fn write_b() {}

// Twice.
#[syscall(table = LINUX, table = LINUX, nr = 3, category = "file")]
fn write_c() {}

fn main() {}
