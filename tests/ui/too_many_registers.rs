use sysgate::{syscall, UserSlice};

#[syscall(nr = 300, category = "system")]
fn copy4(a: UserSlice<u8>, b: UserSlice<u8>, c: UserSlice<u8>, d: UserSlice<u8>) -> usize {
    a.len() + b.len() + c.len() + d.len()
}

fn main() {}
