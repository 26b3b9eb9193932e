//! The boot stack and the first Rust function, used by every architecture's entry code.

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Size of the boot (kmain) stack; on AArch64 and RISC-V, traps from user mode are taken on it
/// too.
pub const BOOT_STACK_SIZE: usize = 64 * 1024;

/// The boot stack's memory.
#[repr(C, align(16))]
pub struct Stack([u8; BOOT_STACK_SIZE]);

/// The boot stack; the entry code points the stack pointer at its end.
pub static mut BOOT_STACK: Stack = Stack([0; BOOT_STACK_SIZE]);

/// What the boot loader passed: the PVH start-info address (x86_64) or the device tree's
/// (AArch64, RISC-V).
static BOOT_INFO: AtomicUsize = AtomicUsize::new(0);

/// First Rust code, called by the entry code on the boot stack with the boot loader's
/// argument ([`boot_info`]).
pub extern "C" fn start(boot_info: usize) -> ! {
    BOOT_INFO.store(boot_info, Relaxed);
    crate::kmain()
}

/// The physical address the boot loader passed to the kernel (identity-mapped).
pub fn boot_info() -> usize {
    BOOT_INFO.load(Relaxed)
}
