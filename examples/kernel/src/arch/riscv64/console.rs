//! The NS16550 UART of QEMU `virt` at 0x1000_0000 (QEMU needs no baud-rate setup).

const UART: usize = 0x1000_0000;
/// Transmit holding register.
const THR: usize = 0;
/// Line status register; bit 5 is "transmit holding register empty".
const LSR: usize = 5;
const LSR_THRE: u8 = 1 << 5;

/// Writes one byte, waiting until the transmit holding register is empty.
pub fn put(byte: u8) {
    // SAFETY: the UART registers are mapped (identity) for the kernel.
    unsafe {
        while core::ptr::read_volatile((UART + LSR) as *const u8) & LSR_THRE == 0 {}
        core::ptr::write_volatile((UART + THR) as *mut u8, byte);
    }
}
