//! Serial console on COM1 (port 0x3f8, QEMU microvm's ISA serial).

use x86_64::instructions::port::Port;

const COM1: u16 = 0x3f8;
const LINE_STATUS: u16 = COM1 + 5;
const TX_EMPTY: u8 = 1 << 5;

/// Writes one byte to COM1, waiting until the transmitter is empty.
pub fn put(byte: u8) {
    let mut status = Port::<u8>::new(LINE_STATUS);
    let mut data = Port::<u8>::new(COM1);
    // SAFETY: COM1's registers; reading the line status and writing data have no other effect.
    unsafe {
        while status.read() & TX_EMPTY == 0 {}
        data.write(byte);
    }
}
