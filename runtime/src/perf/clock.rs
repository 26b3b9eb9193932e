//! The time source latencies are measured with: the architecture's counter unless the kernel
//! (or a test) installs another.

use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering::Relaxed};

use crate::arch::cycles;

/// A monotonic tick source.
///
/// Latencies, histogram buckets and the report are in this clock's ticks. Install one with
/// [`set_clock`]; the default is [`ArchCounter`] (or `HostClock` with the `std` feature on an
/// architecture without a counter).
pub trait Clock: 'static {
    /// What the ticks are, for reports (`"cycles"`, `"ns"`).
    const UNIT: &'static str;
    /// The current tick count. Must not lock or allocate: it runs on the syscall path.
    fn now() -> u64;
}

/// The architecture's counter: `rdtsc` on x86_64, `cntvct_el0` on AArch64, `rdtime` on RISC-V.
///
/// Only x86_64's TSC ticks near the core clock; the others tick at a fixed, slower rate
/// (62.5 MHz and 10 MHz under QEMU), so short syscalls land in bucket `[0]` or `[1]` there.
pub struct ArchCounter;

impl Clock for ArchCounter {
    const UNIT: &'static str = cycles::UNIT;
    #[inline(always)]
    fn now() -> u64 {
        cycles::read()
    }
}

/// Nanoseconds from `std::time::Instant`, for hosts (feature `std`).
#[cfg(feature = "std")]
pub struct HostClock;

#[cfg(feature = "std")]
impl Clock for HostClock {
    const UNIT: &'static str = "ns";
    fn now() -> u64 {
        extern crate std;
        static BASE: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let base = BASE.get_or_init(std::time::Instant::now);
        u64::try_from(base.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

/// An installed clock: its reader and unit, reachable through one pointer.
struct Installed {
    now: fn() -> u64,
    unit: &'static str,
}

/// The installed clock; null means the default.
static CLOCK: AtomicPtr<Installed> = AtomicPtr::new(ptr::null_mut());

/// Makes `C` the clock of every later measurement (for example a fake clock in tests).
///
/// Samples already recorded keep the old clock's units; reset the statistics after switching.
pub fn set_clock<C: Clock>() {
    let installed: &'static Installed = const {
        &Installed {
            now: C::now,
            unit: C::UNIT,
        }
    };
    CLOCK.store(ptr::from_ref(installed).cast_mut(), Relaxed);
}

/// Goes back to the default clock.
pub fn reset_clock() {
    CLOCK.store(ptr::null_mut(), Relaxed);
}

/// The current time of the installed clock.
#[inline(always)]
pub fn now() -> u64 {
    let installed = CLOCK.load(Relaxed);
    if installed.is_null() {
        default_now()
    } else {
        // SAFETY: only `set_clock` stores a non-null pointer, and it points to a static.
        (unsafe { &*installed }.now)()
    }
}

/// The unit of [`now`] (`"cycles"`, `"ns"`, or an installed clock's unit).
pub fn unit() -> &'static str {
    let installed = CLOCK.load(Relaxed);
    if installed.is_null() {
        default_unit()
    } else {
        // SAFETY: as in `now`.
        unsafe { &*installed }.unit
    }
}

/// Whether [`now`] measures anything: false only with no counter, no `std` and no clock set.
pub fn is_available() -> bool {
    !CLOCK.load(Relaxed).is_null() || cycles::AVAILABLE || cfg!(feature = "std")
}

#[inline(always)]
fn default_now() -> u64 {
    #[cfg(feature = "std")]
    if !cycles::AVAILABLE {
        return HostClock::now();
    }
    ArchCounter::now()
}

fn default_unit() -> &'static str {
    #[cfg(feature = "std")]
    if !cycles::AVAILABLE {
        return HostClock::UNIT;
    }
    ArchCounter::UNIT
}
