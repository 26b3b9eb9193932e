//! Reading and writing the user's FP/SIMD registers when the kernel itself never uses them
//! (built without NEON): for signal frames, which must save and restore them, and for a
//! kernel's context switch ([`UserFp`]).

use core::arch::naked_asm;

/// The user FP/SIMD state in the order both functions use: FPSR, FPCR, then `v0..v31` (in
/// kernels built without NEON, whose own code never touches these registers).
#[repr(C, align(16))]
#[derive(Clone)]
pub struct UserFp {
    /// FPSR.
    pub fpsr: u64,
    /// FPCR.
    pub fpcr: u64,
    /// `v0..v31`.
    pub v: [u128; 32],
}

impl UserFp {
    /// The state a new program starts with (what [`enter_user`](super::enter_user) leaves):
    /// every register zero.
    pub const fn new() -> UserFp {
        UserFp {
            fpsr: 0,
            fpcr: 0,
            v: [0; 32],
        }
    }

    /// Copies the live user FP/SIMD registers here (a switch away from the thread they belong
    /// to).
    #[inline]
    pub fn save(&mut self) {
        save_user_fp(self);
    }

    /// Makes these the live user FP/SIMD registers (a switch to the thread they belong to);
    /// they stay live until user code runs.
    #[inline]
    pub fn restore(&self) {
        restore_user_fp(self);
    }
}

impl Default for UserFp {
    fn default() -> Self {
        Self::new()
    }
}

/// Stores the live FPSR, FPCR and `v0..v31` in `*fp`.
// Named for the boot test, which allows FP instructions only in functions that handle the
// user's FP state.
#[unsafe(naked)]
pub(super) extern "C" fn save_user_fp(fp: *mut UserFp) {
    naked_asm!(
        ".arch_extension fp",
        ".arch_extension simd",
        "mrs x1, fpsr",
        "mrs x2, fpcr",
        "stp x1, x2, [x0], #16",
        "stp q0, q1, [x0], #32",
        "stp q2, q3, [x0], #32",
        "stp q4, q5, [x0], #32",
        "stp q6, q7, [x0], #32",
        "stp q8, q9, [x0], #32",
        "stp q10, q11, [x0], #32",
        "stp q12, q13, [x0], #32",
        "stp q14, q15, [x0], #32",
        "stp q16, q17, [x0], #32",
        "stp q18, q19, [x0], #32",
        "stp q20, q21, [x0], #32",
        "stp q22, q23, [x0], #32",
        "stp q24, q25, [x0], #32",
        "stp q26, q27, [x0], #32",
        "stp q28, q29, [x0], #32",
        "stp q30, q31, [x0], #32",
        "ret",
    );
}

/// Loads FPSR, FPCR and `v0..v31` from `*fp`; they stay live until user code runs.
#[unsafe(naked)]
pub(super) extern "C" fn restore_user_fp(fp: *const UserFp) {
    naked_asm!(
        ".arch_extension fp",
        ".arch_extension simd",
        "ldp x1, x2, [x0], #16",
        "msr fpsr, x1",
        "msr fpcr, x2",
        "ldp q0, q1, [x0], #32",
        "ldp q2, q3, [x0], #32",
        "ldp q4, q5, [x0], #32",
        "ldp q6, q7, [x0], #32",
        "ldp q8, q9, [x0], #32",
        "ldp q10, q11, [x0], #32",
        "ldp q12, q13, [x0], #32",
        "ldp q14, q15, [x0], #32",
        "ldp q16, q17, [x0], #32",
        "ldp q18, q19, [x0], #32",
        "ldp q20, q21, [x0], #32",
        "ldp q22, q23, [x0], #32",
        "ldp q24, q25, [x0], #32",
        "ldp q26, q27, [x0], #32",
        "ldp q28, q29, [x0], #32",
        "ldp q30, q31, [x0], #32",
        "ret",
    );
}
