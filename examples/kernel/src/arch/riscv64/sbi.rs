//! Calls into the SBI firmware (OpenSBI): `ecall` with the extension in `a7` and the function
//! in `a6`; the error comes back in `a0`.

use core::arch::asm;

/// SBI success.
pub const SUCCESS: isize = 0;

/// Calls function `fid` of extension `eid` with three arguments; returns the SBI error.
pub fn call(eid: usize, fid: usize, args: [usize; 3]) -> isize {
    let error: isize;
    // SAFETY: an SBI call only has the effect its extension documents.
    unsafe {
        asm!(
            "ecall",
            inout("a0") args[0] => error,
            inout("a1") args[1] => _,
            in("a2") args[2],
            in("a6") fid,
            in("a7") eid,
            options(nostack),
        )
    };
    error
}
