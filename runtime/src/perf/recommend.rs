//! Recommendations computed from the statistics, each with its evidence.
//!
//! Every rule has a documented threshold below; a rule that lacks the data it needs (no calls,
//! no latency samples, a `fast` handler that records nothing) stays silent.

use core::fmt;

use super::snapshot::{PerformanceStatistics, SyscallSnapshot};
use crate::ErrorKind;

/// A syscall is hot when it has at least this many calls …
pub const HOT_MIN_CALLS: u64 = 10_000;
/// … and at least this share (percent) of all calls.
pub const HOT_SHARE_PERCENT: u64 = 25;
/// An error rate is judged once a syscall has this many calls …
pub const ERROR_MIN_CALLS: u64 = 100;
/// … and reported when at least this percent of them failed.
pub const ERROR_RATE_PERCENT: u64 = 10;
/// A tail is judged once a syscall has this many latency samples …
pub const TAIL_MIN_SAMPLES: u64 = 100;
/// … and reported when p99 is at least this many times p50.
pub const TAIL_RATIO: u64 = 16;
/// Syscalls with no call are reported once all syscalls together have this many calls.
pub const NEVER_CALLED_AFTER: u64 = 10_000;
/// Samples a busy syscall needs for a p99 worth reading; fewer means sampling is too coarse.
pub const MIN_SAMPLES: u64 = 100;
/// A syscall is busy, for the sampling rules, from this many calls.
pub const BUSY_CALLS: u64 = 10_000;
/// Sampling is too fine when timing costs at least this many parts per thousand of the time
/// spent in syscalls while every busy syscall would keep [`MIN_SAMPLES`] at half the rate.
pub const FINE_OVERHEAD_PERMILLE: u64 = 20;

/// One recommendation and the figures behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recommendation {
    /// A hot syscall pays for instrumentation on every call: mark it `fast` if its statistics
    /// are not needed.
    MarkFast {
        /// The syscall number.
        nr: usize,
        /// Its name.
        name: &'static str,
        /// Its calls.
        calls: u64,
        /// Its share of all calls, in percent.
        share_percent: u64,
    },
    /// Many calls fail.
    HighErrorRate {
        /// The syscall number.
        nr: usize,
        /// Its name.
        name: &'static str,
        /// Its calls.
        calls: u64,
        /// Its failed calls.
        errors: u64,
        /// The most frequent kind of error and its count.
        top_kind: Option<(ErrorKind, u64)>,
    },
    /// The slowest calls are far slower than the typical one.
    LongTail {
        /// The syscall number.
        nr: usize,
        /// Its name.
        name: &'static str,
        /// The latency samples behind the figures.
        samples: u64,
        /// The median (bucket upper bound).
        p50: u64,
        /// The 99th percentile (bucket upper bound).
        p99: u64,
        /// The largest sample.
        max: u64,
    },
    /// A registered syscall no one calls.
    NeverCalled {
        /// The syscall number.
        nr: usize,
        /// Its name.
        name: &'static str,
        /// Calls made to all syscalls meanwhile.
        total_calls: u64,
    },
    /// A busy syscall has too few latency samples for its percentiles to mean much.
    SamplingTooCoarse {
        /// The syscall number.
        nr: usize,
        /// Its name.
        name: &'static str,
        /// Its calls.
        calls: u64,
        /// Its latency samples.
        samples: u64,
        /// The current period.
        period: u32,
        /// A period that would have given [`MIN_SAMPLES`].
        suggested: u32,
    },
    /// Timing costs a noticeable share of syscall time, and fewer samples would do.
    SamplingTooFine {
        /// The current period.
        period: u32,
        /// The estimated timing cost, in parts per thousand of syscall time.
        overhead_permille: u64,
        /// The fewest samples of any busy syscall.
        fewest_samples: u64,
        /// A coarser period that keeps [`MIN_SAMPLES`].
        suggested: u32,
    },
}

impl fmt::Display for Recommendation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Recommendation::MarkFast {
                nr,
                name,
                calls,
                share_percent,
            } => write!(
                f,
                "{name} ({nr}): {calls} calls, {share_percent}% of all calls; mark it `fast` \
                 if its statistics are not needed"
            ),
            Recommendation::HighErrorRate {
                nr,
                name,
                calls,
                errors,
                top_kind,
            } => {
                write!(f, "{name} ({nr}): {errors} of {calls} calls failed")?;
                if let Some((kind, n)) = top_kind {
                    write!(f, ", {n} of them {kind:?}")?;
                }
                Ok(())
            }
            Recommendation::LongTail {
                nr,
                name,
                samples,
                p50,
                p99,
                max,
            } => write!(
                f,
                "{name} ({nr}): long tail, p99 < {p99} vs p50 < {p50} over {samples} samples \
                 (max {max})"
            ),
            Recommendation::NeverCalled {
                nr,
                name,
                total_calls,
            } => write!(f, "{name} ({nr}): never called in {total_calls} syscalls"),
            Recommendation::SamplingTooCoarse {
                nr,
                name,
                calls,
                samples,
                period,
                suggested,
            } => {
                write!(
                    f,
                    "{name} ({nr}): {samples} latency samples in {calls} calls at 1 in {period}; \
                     sample 1 in {suggested} for at least {MIN_SAMPLES}"
                )
            }
            Recommendation::SamplingTooFine {
                period,
                overhead_permille,
                fewest_samples,
                suggested,
            } => write!(
                f,
                "timing 1 call in {period} costs ~{}.{}% of syscall time and the least sampled \
                 busy syscall has {fewest_samples} samples; 1 in {suggested} would do",
                overhead_permille / 10,
                overhead_permille % 10
            ),
        }
    }
}

/// Applies every rule to `stats` and the per-syscall entries `syscalls`, calling `emit` once
/// per recommendation: per-syscall ones in the order of `syscalls`, then the sampling ones.
pub fn evaluate(
    stats: &PerformanceStatistics,
    syscalls: impl Iterator<Item = SyscallSnapshot>,
    mut emit: impl FnMut(Recommendation),
) {
    let total = stats.totals.calls;
    let period = stats.sample_period;
    let mut fewest_busy_samples: Option<u64> = None;
    for s in syscalls {
        let name = s.display_name();
        let (nr, calls) = (s.nr, s.stats.calls);
        if s.fast || !s.enabled {
            continue;
        }
        if calls >= HOT_MIN_CALLS && calls * 100 >= total * HOT_SHARE_PERCENT {
            let share_percent = calls * 100 / total.max(1);
            emit(Recommendation::MarkFast {
                nr,
                name,
                calls,
                share_percent,
            });
        }
        let errors = s.stats.errors();
        if calls >= ERROR_MIN_CALLS && errors * 100 >= calls * ERROR_RATE_PERCENT {
            let top_kind = s.stats.top_error_kind();
            emit(Recommendation::HighErrorRate {
                nr,
                name,
                calls,
                errors,
                top_kind,
            });
        }
        let samples = s.stats.samples();
        if let (true, Some(p50), Some(p99)) = (samples >= TAIL_MIN_SAMPLES, s.p50(), s.p99())
            && p99 >= p50.saturating_mul(TAIL_RATIO)
        {
            let max = s.stats.max_ticks;
            emit(Recommendation::LongTail {
                nr,
                name,
                samples,
                p50,
                p99,
                max,
            });
        }
        if calls == 0 && s.name.is_some() && total >= NEVER_CALLED_AFTER {
            emit(Recommendation::NeverCalled {
                nr,
                name,
                total_calls: total,
            });
        }
        if period != 0 && calls >= BUSY_CALLS {
            fewest_busy_samples = Some(fewest_busy_samples.map_or(samples, |f| f.min(samples)));
            if samples < MIN_SAMPLES {
                let suggested = pow2_at_most(calls / MIN_SAMPLES).min(u64::from(period)) as u32;
                emit(Recommendation::SamplingTooCoarse {
                    nr,
                    name,
                    calls,
                    samples,
                    period,
                    suggested,
                });
            }
        }
    }
    let (Some(fewest), Some(mean)) = (fewest_busy_samples, stats.totals.mean_ticks()) else {
        return;
    };
    let spent = mean.saturating_mul(total);
    let timing = stats
        .totals
        .samples()
        .saturating_mul(stats.overhead.per_sample_ticks());
    let Some(overhead_permille) = timing.saturating_mul(1000).checked_div(spent) else {
        return;
    };
    let headroom = pow2_at_most(fewest / MIN_SAMPLES);
    if overhead_permille >= FINE_OVERHEAD_PERMILLE && headroom >= 2 {
        let wanted = pow2_at_least(overhead_permille.div_ceil(FINE_OVERHEAD_PERMILLE / 2));
        let factor = wanted.min(headroom);
        let suggested = (u64::from(period) * factor).min(1 << 31) as u32;
        emit(Recommendation::SamplingTooFine {
            period,
            overhead_permille,
            fewest_samples: fewest,
            suggested,
        });
    }
}

fn pow2_at_most(n: u64) -> u64 {
    if n == 0 {
        1
    } else {
        1 << (63 - n.leading_zeros())
    }
}

fn pow2_at_least(n: u64) -> u64 {
    n.max(1).next_power_of_two()
}

/// The recommendations for one snapshot.
#[derive(Clone, Debug)]
pub struct Recommendations {
    stats: PerformanceStatistics,
}

impl Recommendations {
    /// The recommendations for `stats` and the live per-syscall statistics.
    pub fn from_statistics(stats: PerformanceStatistics) -> Self {
        Recommendations { stats }
    }

    /// Calls `f` with each recommendation.
    pub fn for_each(&self, f: impl FnMut(Recommendation)) {
        evaluate(&self.stats, self.stats.syscalls(), f);
    }

    /// How many recommendations there are.
    pub fn count(&self) -> usize {
        let mut n = 0;
        self.for_each(|_| n += 1);
        n
    }
}

impl fmt::Display for Recommendations {
    /// One recommendation per line, or a line saying there is none.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        let mut any = false;
        self.for_each(|r| {
            any = true;
            if result.is_ok() {
                result = writeln!(f, "- {r}");
            }
        });
        if !any {
            result = result.and_then(|()| writeln!(f, "- none: no rule fired on this data"));
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_two() {
        assert_eq!(pow2_at_most(0), 1);
        assert_eq!(pow2_at_most(100), 64);
        assert_eq!(pow2_at_most(128), 128);
        assert_eq!(pow2_at_least(3), 4);
        assert_eq!(pow2_at_least(0), 1);
    }
}
