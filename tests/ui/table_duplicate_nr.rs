use sysgate::syscall;

sysgate::syscall_table! {
    /// A second table.
    pub LINUX = "linux", decoding = Linux
}

// The same number in two tables is fine...
#[syscall(nr = 39, category = "process")]
fn getpid() -> u64 {
    1
}

#[syscall(table = LINUX, nr = 39, category = "process")]
fn linux_getpid() -> u64 {
    1
}

// ...twice in one table is not.
#[syscall(table = LINUX, nr = 39, category = "process")]
fn linux_getpid_again() -> u64 {
    1
}

fn main() {}
