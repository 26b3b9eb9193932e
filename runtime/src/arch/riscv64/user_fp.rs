//! Reading and writing the user's FP registers, which the kernel itself never uses (it runs
//! with `sstatus.FS` = Off): for signal frames, which must save and restore them, and for a
//! kernel's context switch ([`UserFp`]).

use core::arch::naked_asm;

use super::vector::SSTATUS_FS;

/// The user FP state in the order both functions use: `f0..f31`, then `fcsr`.
#[repr(C)]
#[derive(Clone, Default)]
pub struct UserFp {
    /// `f0..f31`, as raw 64-bit values.
    pub f: [u64; 32],
    /// `fcsr`.
    pub fcsr: u64,
}

impl UserFp {
    /// The state a new program starts with (what [`enter_user`](super::enter_user) loads):
    /// every register and `fcsr` zero.
    pub const fn new() -> UserFp {
        UserFp {
            f: [0; 32],
            fcsr: 0,
        }
    }

    /// Copies the live user FP registers here (a switch away from the thread they belong to).
    #[inline]
    pub fn save(&mut self) {
        save_user_fp(self);
    }

    /// Makes these the live user FP registers (a switch to the thread they belong to); they
    /// stay live until user code runs.
    #[inline]
    pub fn restore(&self) {
        restore_user_fp(self);
    }
}

/// Stores the live `f0..f31` and `fcsr` in `*fp`, with the FPU on only for the copy.
// Named for the boot test, which allows FP instructions only in functions that handle the
// user's FP state.
#[unsafe(naked)]
pub(super) extern "C" fn save_user_fp(fp: *mut UserFp) {
    naked_asm!(
        "li t0, {fs}",
        "csrs sstatus, t0",
        ".option push",
        ".option arch, +d",
        "fsd f0, 0(a0)",
        "fsd f1, 8(a0)",
        "fsd f2, 16(a0)",
        "fsd f3, 24(a0)",
        "fsd f4, 32(a0)",
        "fsd f5, 40(a0)",
        "fsd f6, 48(a0)",
        "fsd f7, 56(a0)",
        "fsd f8, 64(a0)",
        "fsd f9, 72(a0)",
        "fsd f10, 80(a0)",
        "fsd f11, 88(a0)",
        "fsd f12, 96(a0)",
        "fsd f13, 104(a0)",
        "fsd f14, 112(a0)",
        "fsd f15, 120(a0)",
        "fsd f16, 128(a0)",
        "fsd f17, 136(a0)",
        "fsd f18, 144(a0)",
        "fsd f19, 152(a0)",
        "fsd f20, 160(a0)",
        "fsd f21, 168(a0)",
        "fsd f22, 176(a0)",
        "fsd f23, 184(a0)",
        "fsd f24, 192(a0)",
        "fsd f25, 200(a0)",
        "fsd f26, 208(a0)",
        "fsd f27, 216(a0)",
        "fsd f28, 224(a0)",
        "fsd f29, 232(a0)",
        "fsd f30, 240(a0)",
        "fsd f31, 248(a0)",
        "frcsr t1",
        ".option pop",
        "sd t1, 256(a0)",
        "csrc sstatus, t0",
        "ret",
        fs = const SSTATUS_FS,
    );
}

/// Loads `f0..f31` and `fcsr` from `*fp`, with the FPU on only for the copy; they stay live
/// until user code runs.
#[unsafe(naked)]
pub(super) extern "C" fn restore_user_fp(fp: *const UserFp) {
    naked_asm!(
        "li t0, {fs}",
        "csrs sstatus, t0",
        "ld t1, 256(a0)",
        ".option push",
        ".option arch, +d",
        "fld f0, 0(a0)",
        "fld f1, 8(a0)",
        "fld f2, 16(a0)",
        "fld f3, 24(a0)",
        "fld f4, 32(a0)",
        "fld f5, 40(a0)",
        "fld f6, 48(a0)",
        "fld f7, 56(a0)",
        "fld f8, 64(a0)",
        "fld f9, 72(a0)",
        "fld f10, 80(a0)",
        "fld f11, 88(a0)",
        "fld f12, 96(a0)",
        "fld f13, 104(a0)",
        "fld f14, 112(a0)",
        "fld f15, 120(a0)",
        "fld f16, 128(a0)",
        "fld f17, 136(a0)",
        "fld f18, 144(a0)",
        "fld f19, 152(a0)",
        "fld f20, 160(a0)",
        "fld f21, 168(a0)",
        "fld f22, 176(a0)",
        "fld f23, 184(a0)",
        "fld f24, 192(a0)",
        "fld f25, 200(a0)",
        "fld f26, 208(a0)",
        "fld f27, 216(a0)",
        "fld f28, 224(a0)",
        "fld f29, 232(a0)",
        "fld f30, 240(a0)",
        "fld f31, 248(a0)",
        "fscsr t1",
        ".option pop",
        "csrc sstatus, t0",
        "ret",
        fs = const SSTATUS_FS,
    );
}
