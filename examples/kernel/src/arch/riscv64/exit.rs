//! Leaving QEMU with a status through the `sifive_test` device at 0x10_0000.

/// The `sifive_test` finisher register.
const FINISHER: usize = 0x10_0000;
/// Written to pass: QEMU exits with status 0.
const PASS: u32 = 0x5555;
/// Written, with the status in the upper 16 bits, to fail: QEMU exits with that status.
const FAIL: u32 = 0x3333;

/// Stops QEMU with exit status 0 if `ok`, else 1.
pub fn exit(ok: bool) -> ! {
    let value = if ok { PASS } else { (1 << 16) | FAIL };
    // SAFETY: the finisher register is mapped (identity) for the kernel; writing it ends the VM.
    unsafe { core::ptr::write_volatile(FINISHER as *mut u32, value) };
    loop {
        core::hint::spin_loop();
    }
}
