use sysgate::{Errno, UserSlice, syscall};

/// Write bytes.
#[syscall(nr = 1, category = "file")]
fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
    let _ = fd;
    Ok(buf.len())
}

fn main() {
    let _ = write::call(1, "text");
    let _ = write::call(-1i64, b"bytes");
}
