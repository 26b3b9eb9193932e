//! Leaving QEMU through `isa-debug-exit` (iobase 0xf4): writing `v` exits with `(v << 1) | 1`.

use x86_64::instructions::port::Port;

/// Value written on success: QEMU exits with status 33.
pub const PASS: u32 = 0x10;
/// Value written on failure: QEMU exits with status 35.
pub const FAIL: u32 = 0x11;

/// Exits QEMU with [`PASS`] or [`FAIL`]; halts if the device is missing.
pub fn exit(ok: bool) -> ! {
    // SAFETY: port 0xf4 is the debug-exit device; writing it only ends the VM.
    unsafe { Port::<u32>::new(0xf4).write(if ok { PASS } else { FAIL }) };
    loop {
        x86_64::instructions::interrupts::disable();
        x86_64::instructions::hlt();
    }
}
