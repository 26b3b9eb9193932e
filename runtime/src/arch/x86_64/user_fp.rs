//! Reading and writing the user's x87/SSE state, which the kernel itself never uses (it is
//! built without SSE): for signal frames, which must save and restore it.

use core::arch::naked_asm;

/// An FXSAVE image where `fxsave64` and `fxrstor64` want it: 16-byte aligned.
#[repr(C, align(16))]
pub(super) struct FxArea(pub [u64; 64]);

/// Stores the live x87, MXCSR and `xmm0..xmm15` state in `*fx`.
// Named for the boot test, which allows FP instructions only in functions that handle the
// user's FP state.
#[unsafe(naked)]
pub(super) extern "sysv64" fn save_user_fp(fx: *mut FxArea) {
    naked_asm!("fxsave64 [rdi]", "ret");
}

/// Loads the x87, MXCSR and `xmm0..xmm15` state from `*fx` (checked: MXCSR has no reserved
/// bit); it stays live until user code runs.
#[unsafe(naked)]
pub(super) extern "sysv64" fn restore_user_fp(fx: *const FxArea) {
    naked_asm!("fxrstor64 [rdi]", "ret");
}
