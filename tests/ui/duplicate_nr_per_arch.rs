use sysgate::syscall;

// x86_64 numbers collide (the host is x86_64); the AArch64 ones differ and do not.
#[syscall(nr(x86_64 = 39, aarch64 = 172), category = "process")]
fn getpid() -> u64 {
    1
}

#[syscall(nr(x86_64 = 39, aarch64 = 173), category = "process")]
fn getpid_again() -> u64 {
    1
}

fn main() {}
