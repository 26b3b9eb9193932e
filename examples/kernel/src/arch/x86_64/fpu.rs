//! User code may use SSE: CR4.OSFXSR and OSXMMEXCPT on, and the clean x87/SSE state every new
//! user program starts with. The kernel itself is built without SSE and never touches it.

use x86_64::registers::control::{Cr4, Cr4Flags};

/// An FXSAVE image of the reset state: x87 control word 0x37f, MXCSR 0x1f80 (every exception
/// masked, round to nearest), every register zero.
#[repr(C, align(16))]
pub struct Clean([u16; 256]);

/// What [`super::user`] loads with `fxrstor64` before entering a new program.
pub static CLEAN: Clean = {
    let mut image = [0u16; 256];
    image[0] = 0x037f;
    image[12] = 0x1f80;
    Clean(image)
};

/// Lets user code on this CPU run SSE instructions (and take SIMD exceptions as #XM).
pub fn init() {
    // SAFETY: CPU bring-up; the kernel's code has no SSE instruction to be affected.
    unsafe { Cr4::update(|f| f.insert(Cr4Flags::OSFXSR | Cr4Flags::OSXMMEXCPT_ENABLE)) };
}
