use sysgate::{Errno, UserPtr, UserSlice, syscall};

/// Write bytes: `buf` is an input, the handler may only read it.
#[syscall(nr = 1, category = "file")]
fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
    let _ = fd;
    buf.write_from(b"oops")
}

/// Read a value: `src` is an input.
#[syscall(nr = 14, category = "memory")]
fn peek(src: UserPtr<u64>) -> Result<(), Errno> {
    src.write(1)
}

fn main() {}
