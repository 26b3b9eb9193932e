//! The wait schedule of `recovery = "backoff"`.

/// The wait before retry `i` (0-based), in microseconds: `base_us · 2^i`, capped at `cap_us`.
///
/// With `base_us = 100, cap_us = 1000`: 100, 200, 400, 800, 1000, 1000, …
pub const fn backoff_delay_us(base_us: u32, cap_us: u32, i: u8) -> u64 {
    let cap = cap_us as u64;
    if i >= 32 {
        return cap;
    }
    let delay = (base_us as u64) << i;
    if delay < cap { delay } else { cap }
}

/// The waits of `retries` retries, in order (see [`backoff_delay_us`]).
pub fn backoff_schedule(base_us: u32, cap_us: u32, retries: u8) -> impl Iterator<Item = u64> {
    (0..retries).map(move |i| backoff_delay_us(base_us, cap_us, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_then_caps() {
        let mut it = backoff_schedule(100, 1000, 7);
        for want in [100, 200, 400, 800, 1000, 1000, 1000] {
            assert_eq!(it.next(), Some(want));
        }
        assert_eq!(it.next(), None);
    }

    #[test]
    fn large_exponents_do_not_overflow() {
        assert_eq!(
            backoff_delay_us(u32::MAX, u32::MAX, 255),
            u64::from(u32::MAX)
        );
        assert_eq!(backoff_delay_us(1, 60_000_000, 40), 60_000_000);
    }
}
