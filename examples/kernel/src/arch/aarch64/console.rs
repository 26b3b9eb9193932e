//! The PL011 UART of QEMU `virt` at 0x0900_0000 (QEMU needs no baud-rate setup).

const PL011: usize = 0x0900_0000;
/// Data register.
const DR: usize = 0x00;
/// Flag register; bit 5 is "transmit FIFO full".
const FR: usize = 0x18;
const FR_TXFF: u32 = 1 << 5;

/// Writes one byte, waiting while the transmit FIFO is full.
pub fn put(byte: u8) {
    // SAFETY: the PL011 registers are mapped (identity, device memory) for the kernel.
    unsafe {
        while core::ptr::read_volatile((PL011 + FR) as *const u32) & FR_TXFF != 0 {}
        core::ptr::write_volatile((PL011 + DR) as *mut u32, u32::from(byte));
    }
}
