//! Calls the syscall code the kernel generated into a user page (the kernel's `generated.rs`):
//! each slot is a complete sequence ending in `ret`, callable as a C function of six words.

use crate::{ENOSYS, check, exit};

/// A generated sequence: its arguments are the syscall's, its result the syscall's.
type Generated = extern "C" fn(usize, usize, usize, usize, usize, usize) -> isize;

/// The sequence in slot `i` of the page at `page`, slots `size` bytes apart.
fn slot(page: usize, size: usize, i: usize) -> Generated {
    // SAFETY: the kernel wrote a complete sequence ending in `ret` at every slot, in a page
    // this program may execute.
    unsafe { core::mem::transmute::<usize, Generated>(page + i * size) }
}

/// Calls every slot (getpid, check, three numbers with no handler) and exits with the
/// number of failed checks.
pub fn run(page: usize, size: usize) -> ! {
    check("generated getpid()", slot(page, size, 0)(0, 0, 0, 0, 0, 0), 1);
    let name = "generated check(name, 7, 7): four argument words";
    let (p, n) = (name.as_ptr() as usize, name.len());
    let ok = slot(page, size, 1)(p, n, 7, 7, 0, 0);
    check("generated check() returns true", ok, 1);
    for i in 2..5 {
        check(
            "generated unknown number -> ENOSYS",
            slot(page, size, i)(0, 0, 0, 0, 0, 0),
            ENOSYS,
        );
    }
    // SAFETY: single-threaded program.
    exit(unsafe { crate::FAILURES })
}
