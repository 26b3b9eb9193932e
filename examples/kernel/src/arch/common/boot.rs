//! The boot stack and the first Rust function, used by every architecture's entry code.

/// Size of the boot (kmain) stack; on AArch64 and RISC-V, traps from user mode are taken on it
/// too.
pub const BOOT_STACK_SIZE: usize = 64 * 1024;

/// The boot stack's memory.
#[repr(C, align(16))]
pub struct Stack([u8; BOOT_STACK_SIZE]);

/// The boot stack; the entry code points the stack pointer at its end.
pub static mut BOOT_STACK: Stack = Stack([0; BOOT_STACK_SIZE]);

/// First Rust code, called by the entry code on the boot stack.
pub extern "C" fn start() -> ! {
    crate::kmain()
}
