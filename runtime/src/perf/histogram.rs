//! The log2 latency histogram: lock-free recording, snapshots, percentiles and `hist()` output.

use core::fmt;
use core::sync::atomic::{AtomicU16, AtomicU64, Ordering::Relaxed};

/// Number of buckets: `[0]`, `[1]`, `[2, 4)`, … `[2^37, 2^38)` and `[2^38, ∞)`.
///
/// 2^38 cycles are about two minutes at 2.5 GHz: longer latencies share the last bucket.
pub const BUCKETS: usize = 40;

/// The bucket `value` falls in: 0 for 0, `i` for `[2^(i-1), 2^i)`, the last for anything larger.
#[inline(always)]
pub const fn bucket(value: u64) -> usize {
    let b = (u64::BITS - value.leading_zeros()) as usize;
    if b < BUCKETS { b } else { BUCKETS - 1 }
}

/// The smallest value in bucket `i`.
pub const fn bucket_low(i: usize) -> u64 {
    if i == 0 { 0 } else { 1 << (i - 1) }
}

/// One past the largest value in bucket `i`; `u64::MAX` for the last bucket.
pub const fn bucket_high(i: usize) -> u64 {
    if i + 1 >= BUCKETS { u64::MAX } else { 1 << i }
}

/// Counts of latencies per log2 bucket, updated with relaxed atomics.
#[derive(Debug)]
pub struct Histogram {
    buckets: [AtomicU64; BUCKETS],
}

impl Histogram {
    /// An empty histogram (all zero, so it lives in `.bss`).
    pub const fn new() -> Self {
        Histogram {
            buckets: [const { AtomicU64::new(0) }; BUCKETS],
        }
    }

    /// Counts one `value`.
    #[inline(always)]
    pub fn record(&self, value: u64) {
        self.buckets[bucket(value)].fetch_add(1, Relaxed);
    }

    /// A copy of the counts. Concurrent updates may or may not be included.
    pub fn snapshot(&self) -> HistogramSnapshot {
        HistogramSnapshot {
            counts: core::array::from_fn(|i| self.buckets[i].load(Relaxed)),
        }
    }

    /// Zeroes every bucket.
    pub fn reset(&self) {
        for b in &self.buckets {
            b.store(0, Relaxed);
        }
    }
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

/// One CPU's own counts of a [`Histogram`]: 16 bits per bucket, so they fit in the CPU's
/// counter shard, updated by that CPU only with a plain load and store. A bucket about to wrap
/// moves its 2^16 into the shared histogram instead (one atomic add every 65 536 samples).
#[derive(Debug)]
pub(super) struct LocalHistogram {
    buckets: [AtomicU16; BUCKETS],
}

impl LocalHistogram {
    /// Empty counts.
    pub(super) const fn new() -> Self {
        LocalHistogram {
            buckets: [const { AtomicU16::new(0) }; BUCKETS],
        }
    }

    /// Counts one `value`, spilling into `shared`. Only the owning CPU may call it.
    #[inline]
    pub(super) fn record(&self, value: u64, shared: &Histogram) {
        let i = bucket(value);
        let count = &self.buckets[i];
        let n = count.load(Relaxed);
        if n == u16::MAX {
            shared.buckets[i].fetch_add(1 << 16, Relaxed);
            count.store(0, Relaxed);
        } else {
            count.store(n + 1, Relaxed);
        }
    }

    /// Adds these counts to `snapshot`.
    pub(super) fn add_to(&self, snapshot: &mut HistogramSnapshot) {
        for (total, count) in snapshot.counts.iter_mut().zip(&self.buckets) {
            *total += u64::from(count.load(Relaxed));
        }
    }

    /// Zeroes every bucket.
    pub(super) fn reset(&self) {
        for b in &self.buckets {
            b.store(0, Relaxed);
        }
    }
}

/// A plain copy of a [`Histogram`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistogramSnapshot {
    /// The count in each bucket (see [`bucket`]).
    pub counts: [u64; BUCKETS],
}

impl Default for HistogramSnapshot {
    fn default() -> Self {
        HistogramSnapshot {
            counts: [0; BUCKETS],
        }
    }
}

impl HistogramSnapshot {
    /// The number of values recorded.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: &HistogramSnapshot) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// The `p`-th percentile (`p` in `0..=100`), estimated as the exclusive upper bound of the
    /// bucket that holds it, so the true value is below it and at least half of it. `None`
    /// when the histogram is empty.
    pub fn percentile(&self, p: u8) -> Option<u64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        // The rank of the percentile, 1-based, rounded up: p50 of 4 values is the 2nd.
        let rank = (u128::from(p.min(100)) * u128::from(total))
            .div_ceil(100)
            .max(1) as u64;
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(bucket_high(i));
            }
        }
        Some(u64::MAX)
    }

    /// A printer of this histogram in the style of bpftrace's `hist()`.
    pub fn hist(&self) -> Hist<'_> {
        Hist(self)
    }
}

/// Prints a histogram as bpftrace's `hist()` does: one line per bucket from the first to the
/// last non-empty one, `[lo, hi)  count |@@@@   |`, with `K`/`M`/`G`/`T` for powers of 1024.
pub struct Hist<'a>(&'a HistogramSnapshot);

/// The width of the bar between the `|`s, as in bpftrace.
const BAR_WIDTH: u64 = 52;

impl fmt::Display for Hist<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = &self.0.counts;
        let Some(first) = counts.iter().position(|&c| c != 0) else {
            return Ok(());
        };
        let last = counts.iter().rposition(|&c| c != 0).unwrap_or(first);
        let peak = counts.iter().copied().max().unwrap_or(1).max(1);
        for (i, &count) in counts.iter().enumerate().take(last + 1).skip(first) {
            let mut label = Label::new();
            match i {
                0 => fmt::write(&mut label, format_args!("[0]"))?,
                1 => fmt::write(&mut label, format_args!("[1]"))?,
                _ if i + 1 == BUCKETS => {
                    fmt::write(&mut label, format_args!("[{}, ...)", Pow2(bucket_low(i))))?
                }
                _ => fmt::write(
                    &mut label,
                    format_args!("[{}, {})", Pow2(bucket_low(i)), Pow2(bucket_high(i))),
                )?,
            }
            let bar = (count * BAR_WIDTH / peak) as usize;
            writeln!(
                f,
                "{:<20}{:>8} |{:@<bar$}{:<rest$}|",
                label.as_str(),
                count,
                "",
                "",
                rest = BAR_WIDTH as usize - bar
            )?;
        }
        Ok(())
    }
}

/// A power of two printed with bpftrace's suffixes (`512`, `1K`, `4M`).
struct Pow2(u64);

impl fmt::Display for Pow2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SUFFIXES: [&str; 5] = ["", "K", "M", "G", "T"];
        let mut v = self.0;
        let mut s = 0;
        while v >= 1024 && v.is_multiple_of(1024) && s + 1 < SUFFIXES.len() {
            v /= 1024;
            s += 1;
        }
        write!(f, "{v}{}", SUFFIXES[s])
    }
}

/// A bucket label formatted on the stack, so it can be padded as one string.
struct Label {
    buf: [u8; 24],
    len: usize,
}

impl Label {
    fn new() -> Self {
        Label {
            buf: [0; 24],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for Label {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_log2() {
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(1), 1);
        assert_eq!(bucket(2), 2);
        assert_eq!(bucket(3), 2);
        assert_eq!(bucket(4), 3);
        assert_eq!(bucket(1023), 10);
        assert_eq!(bucket(1024), 11);
        assert_eq!(bucket(u64::MAX), BUCKETS - 1);
        for i in 0..BUCKETS - 1 {
            assert_eq!(bucket(bucket_low(i)), i);
            assert_eq!(bucket(bucket_high(i) - 1), i);
        }
    }

    #[test]
    fn local_counts_spill_without_loss() {
        let (shared, local) = (Histogram::new(), LocalHistogram::new());
        for _ in 0..70_000 {
            local.record(5, &shared);
        }
        local.record(3000, &shared);
        let mut s = shared.snapshot();
        assert_eq!(s.counts[bucket(5)], 1 << 16, "one spill");
        local.add_to(&mut s);
        assert_eq!((s.counts[bucket(5)], s.counts[bucket(3000)]), (70_000, 1));
        local.reset();
        assert_eq!(shared.snapshot().total(), 1 << 16);
        let mut s = HistogramSnapshot::default();
        local.add_to(&mut s);
        assert_eq!(s.total(), 0);
    }

    #[test]
    fn percentiles_name_the_bucket_bound() {
        let h = Histogram::new();
        for _ in 0..99 {
            h.record(5); // [4, 8)
        }
        h.record(3000); // [2K, 4K)
        let s = h.snapshot();
        assert_eq!(s.total(), 100);
        assert_eq!(s.percentile(50), Some(8));
        assert_eq!(s.percentile(99), Some(8));
        assert_eq!(s.percentile(100), Some(4096));
        assert_eq!(HistogramSnapshot::default().percentile(50), None);
    }

    #[test]
    fn prints_like_bpftrace() {
        struct Out([u8; 4096], usize);
        impl fmt::Write for Out {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0[self.1..self.1 + s.len()].copy_from_slice(s.as_bytes());
                self.1 += s.len();
                Ok(())
            }
        }
        let h = Histogram::new();
        for _ in 0..4 {
            h.record(5);
        }
        h.record(1500);
        h.record(1 << 20);
        let mut out = Out([0; 4096], 0);
        fmt::write(&mut out, format_args!("{}", h.snapshot().hist())).unwrap();
        let text = core::str::from_utf8(&out.0[..out.1]).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "[4, 8)                     4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|"
            )
        );
        assert_eq!(
            lines.next(),
            Some(
                "[8, 16)                    0 |                                                    |"
            )
        );
        assert!(text.contains(
            "[1K, 2K)                   1 |@@@@@@@@@@@@@                                       |"
        ));
        assert!(text.lines().last().unwrap().starts_with("[1M, 2M)"));
        assert_eq!(text.lines().count(), 19);
    }
}
