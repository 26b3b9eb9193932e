//! The host kernel's clock: nanoseconds since first use, or a fake clock that moves only when
//! told. Either way [`Host::sleep_us`](crate::Kernel::sleep_us) does not block: it moves the
//! clock forward by the wait.

extern crate std;

use core::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::OnceLock;
use std::time::Instant;

/// Whether the fake clock is in use.
static FAKE: AtomicBool = AtomicBool::new(false);
/// Ticks added by [`advance_clock`] and by sleeps; all of the fake clock's time.
static OFFSET: AtomicU64 = AtomicU64::new(0);

/// The clock's time: real nanoseconds plus the offset, or the offset alone when fake.
pub(super) fn now() -> u64 {
    let offset = OFFSET.load(Relaxed);
    if FAKE.load(Relaxed) {
        return offset;
    }
    static BASE: OnceLock<Instant> = OnceLock::new();
    let base = BASE.get_or_init(Instant::now);
    u64::try_from(base.elapsed().as_nanos())
        .unwrap_or(u64::MAX)
        .saturating_add(offset)
}

/// `"ns"`, or `"ticks"` for the fake clock.
pub(super) fn unit() -> &'static str {
    if FAKE.load(Relaxed) { "ticks" } else { "ns" }
}

/// Switches every thread to the fake clock, which moves only by [`advance_clock`] and sleeps.
///
/// Samples already recorded keep the old clock's units: reset the statistics after switching.
pub fn use_fake_clock() {
    FAKE.store(true, Relaxed);
}

/// Switches back to the real clock.
pub fn use_real_clock() {
    FAKE.store(false, Relaxed);
}

/// Moves the clock (real or fake) forward by `ticks`.
pub fn advance_clock(ticks: u64) {
    OFFSET.fetch_add(ticks, Relaxed);
}
