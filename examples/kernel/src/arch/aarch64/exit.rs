//! Leaving QEMU with a status through semihosting `SYS_EXIT_EXTENDED`
//! (needs `-semihosting-config enable=on,target=native`).

use core::arch::asm;
use core::sync::atomic::{AtomicBool, Ordering};

/// Semihosting operation `SYS_EXIT_EXTENDED`.
const SYS_EXIT_EXTENDED: u32 = 0x20;
/// Exit reason `ADP_Stopped_ApplicationExit`.
const ADP_STOPPED_APPLICATION_EXIT: u64 = 0x2_0026;

/// Set by the first [`exit`]: without semihosting its `hlt` faults, and the fault report
/// exits again; the second attempt waits instead of recursing.
static EXITING: AtomicBool = AtomicBool::new(false);

/// Stops QEMU with exit status 0 if `ok`, else 1.
pub fn exit(ok: bool) -> ! {
    if EXITING.swap(true, Ordering::Relaxed) {
        loop {
            core::hint::spin_loop();
        }
    }
    let block = [ADP_STOPPED_APPLICATION_EXIT, u64::from(!ok)];
    // SAFETY: `hlt #0xf000` is the A64 semihosting call; the parameter block outlives it.
    unsafe {
        asm!(
            "hlt #0xf000",
            in("w0") SYS_EXIT_EXTENDED,
            in("x1") block.as_ptr(),
            options(nostack),
        )
    };
    loop {
        core::hint::spin_loop();
    }
}
