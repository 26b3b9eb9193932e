//! Stress: the dispatch path hammered from several threads (one without `std`) for a while,
//! then every counter checked against the calls actually made.
//!
//! Each worker cycles through three calls that never run a linked handler: the retrying probe
//! with transient failures injected, every number of the table under a policy that promises
//! nothing (a linked handler is refused with `EPERM`, counted and logged; a free slot is
//! `ENOSYS`), and numbers past the table (`ENOSYS`).

use core::ops::AddAssign;
use core::time::Duration;

use super::probe;
use super::report::CheckResult;
use crate::dispatch::dispatch_under;
use crate::error::{self, inject};
use crate::policy::{self, Policy, Promises, Violation};
use crate::recovery::Strategy;
use crate::{Category, Errno, MAX_SYSCALLS, SyscallArgs, table};

const NAME: &str = "stress";

/// A policy that promises nothing: every linked syscall is refused.
static NOTHING: Policy = Policy::new();

/// Calls made by one worker, by expected result.
#[derive(Clone, Copy, Default)]
pub(super) struct Counts {
    probe: u64,
    probe_failed: u64,
    denied: u64,
    unknown: u64,
    wrong: u64,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.probe += o.probe;
        self.probe_failed += o.probe_failed;
        self.denied += o.denied;
        self.unknown += o.unknown;
        self.wrong += o.wrong;
    }
}

impl Counts {
    fn total(&self) -> u64 {
        self.probe + self.denied + self.unknown
    }
}

/// Runs the stress and checks the counts; returns the result, the calls made and the threads.
pub(super) fn run(
    threads: usize,
    duration: Duration,
    max_calls: u64,
    inject_rate: Option<u32>,
    instrumented: bool,
) -> (CheckResult, u64, usize) {
    let h = error::handler();
    let retry = h.stats().strategy(Strategy::Retry);
    let before = (
        probe::RETRY.stats.calls(),
        probe::RETRY.stats.errors(),
        denied(),
        table::unknown_calls(),
        h.log().logged(),
        h.log().overwritten(),
        h.log().kept() as u64,
        retry.attempted(),
    );
    if let Some(rate) = inject_rate {
        inject::fail(probe::RETRY.nr, Errno::EAGAIN, rate);
    }
    let _ = NOTHING.pledge(Promises::NONE, Violation::Deny);
    let (counts, threads) = spawn(threads, duration, max_calls);
    inject::stop(probe::RETRY.nr);

    let logged = h.log().logged() - before.4;
    let mut exact = counts.wrong == 0
        && denied() - before.2 == counts.denied
        && table::unknown_calls() - before.3 == counts.unknown
        && logged == counts.denied + (retry.attempted() - before.7)
        && h.log().kept() as u64 + (h.log().overwritten() - before.5) == before.6 + logged;
    if instrumented {
        exact &= probe::RETRY.stats.calls() - before.0 == counts.probe
            && probe::RETRY.stats.errors() - before.1 == counts.probe_failed;
    }
    let result = if counts.total() == 0 {
        CheckResult::nothing_measured(NAME, "no call made")
    } else {
        CheckResult::compared(
            NAME,
            exact,
            if exact { counts.total() as f64 } else { 0.0 },
            "==",
            counts.total() as f64,
            "calls counted",
        )
    };
    (result, counts.total(), threads)
}

fn denied() -> u64 {
    Category::ALL.iter().map(|c| policy::denied(*c)).sum()
}

#[cfg(feature = "std")]
fn spawn(threads: usize, duration: Duration, max_calls: u64) -> (Counts, usize) {
    extern crate std;
    let threads = threads.max(1);
    let mut total = Counts::default();
    std::thread::scope(|s| {
        let workers: std::vec::Vec<_> = (0..threads)
            .map(|i| s.spawn(move || worker(i, duration, max_calls)))
            .collect();
        for w in workers {
            total += w.join().unwrap_or(Counts {
                wrong: 1,
                ..Counts::default()
            });
        }
    });
    (total, threads)
}

#[cfg(not(feature = "std"))]
fn spawn(_threads: usize, duration: Duration, max_calls: u64) -> (Counts, usize) {
    (worker(0, duration, max_calls), 1)
}

/// One worker's loop; checks the clock every 256 calls.
fn worker(id: usize, duration: Duration, max_calls: u64) -> Counts {
    let limit = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
    let start = now_ns();
    let t = table::table();
    let mut c = Counts::default();
    let mut i: u64 = 0;
    while i < max_calls && (!i.is_multiple_of(256) || now_ns().saturating_sub(start) < limit) {
        let word = (i as usize).wrapping_mul(id + 1) & 0xffff;
        match i % 3 {
            0 => {
                c.probe += 1;
                match (probe::RETRY.thunk)(&SyscallArgs([word, 0, 0, 0, 0, 0])) {
                    r if r == word as isize => {}
                    r if r == Errno::EAGAIN.to_ret() => c.probe_failed += 1,
                    _ => c.wrong += 1,
                }
            }
            1 => {
                let nr = (i / 3) as usize % MAX_SYSCALLS;
                let expected = if t.get(nr).is_some() {
                    c.denied += 1;
                    Errno::EPERM
                } else {
                    c.unknown += 1;
                    Errno::ENOSYS
                };
                c.wrong += u64::from(dispatch_under(&NOTHING, nr, [word; 6]) != expected.to_ret());
            }
            _ => {
                c.unknown += 1;
                let nr = MAX_SYSCALLS.wrapping_add(word.wrapping_mul(0x9e37_79b9));
                c.wrong +=
                    u64::from(dispatch_under(&NOTHING, nr, [word; 6]) != Errno::ENOSYS.to_ret());
            }
        }
        i += 1;
    }
    c
}

/// Nanoseconds from a monotonic source: `Instant` with `std` (whatever clock the host kernel
/// shows the runtime), else the kernel's clock, its ticks read as nanoseconds.
fn now_ns() -> u64 {
    #[cfg(feature = "std")]
    {
        extern crate std;
        static BASE: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let base = BASE.get_or_init(std::time::Instant::now);
        u64::try_from(base.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
    #[cfg(not(feature = "std"))]
    {
        crate::kernel::now()
    }
}
