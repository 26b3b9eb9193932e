//! Index clamping that holds under speculative execution (Linux's `array_index_nospec`).

/// Returns `index` if `index < size`, else 0 — or, for a power-of-two `size`, `index` modulo
/// `size` — computed without a branch.
///
/// The caller has already checked `index < size`; this clamp keeps a mispredicted bounds
/// check from indexing out of bounds speculatively. The value is hidden from the optimiser
/// (an empty `asm!`), which would otherwise fold the clamp away using the earlier
/// check.
#[inline(always)]
pub fn index_nospec(index: usize, size: usize) -> usize {
    let index = crate::opaque::opaque(index);
    if size.is_power_of_two() {
        // One AND keeps any index below `size`: in bounds whatever was speculated (an index
        // the check refused is never used architecturally).
        return index & (size - 1);
    }
    // All ones below `size`, else zero: a compare and a negation (x86_64 `cmp; sbb`, AArch64
    // `cmp; csel`, RISC-V `sltu; neg`), as Linux's `array_index_mask_nospec`.
    let mask = 0usize.wrapping_sub(usize::from(index < size));
    index & mask
}

#[cfg(test)]
mod tests {
    use super::index_nospec;

    #[test]
    fn clamps_out_of_range_into_bounds() {
        assert_eq!(index_nospec(0, 16), 0);
        assert_eq!(index_nospec(15, 16), 15);
        assert_eq!(index_nospec(16, 16), 0);
        assert_eq!(index_nospec(usize::MAX, 16), 15);
        assert_eq!(index_nospec(1 << 63, 1024), 0);
        assert_eq!(index_nospec(1023, 1024), 1023);
        assert_eq!(index_nospec(1025, 1024), 1);
        assert_eq!(index_nospec(5, 10), 5);
        assert_eq!(index_nospec(10, 10), 0);
        assert_eq!(index_nospec(usize::MAX, 10), 0);
    }
}
