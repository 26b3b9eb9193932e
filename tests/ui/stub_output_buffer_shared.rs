use sysgate::{Errno, UserPtrMut, UserSliceMut, syscall};

/// Read bytes: the kernel writes into `buf`.
#[syscall(nr = 0, category = "file")]
fn read(fd: u32, buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    let _ = fd;
    buf.write_from(b"data")
}

/// Store a value: the kernel writes through `dst`.
#[syscall(nr = 13, category = "memory")]
fn poke(dst: UserPtrMut<u64>, value: u64) -> Result<(), Errno> {
    dst.write(value)
}

fn main() {
    let _ = read::call(0, b"literal");
    let shared = [0u8; 4];
    let _ = read::call(0, &shared[..]);
    let cell = 0u64;
    let _ = poke::call(&cell, 1);
}
