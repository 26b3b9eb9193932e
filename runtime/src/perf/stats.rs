//! The statistics slot each handler owns: exact counts and sampled latencies.

use core::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use super::histogram::{Histogram, HistogramSnapshot, LocalHistogram};
use super::shard::{self, SHARDS};
use crate::{Errno, ErrorKind};

/// Every [`ErrorKind`], in the order [`SyscallStats`] counts them.
pub const ERROR_KINDS: [ErrorKind; 13] = [
    ErrorKind::Permission,
    ErrorKind::InvalidArgument,
    ErrorKind::BadAddress,
    ErrorKind::NotFound,
    ErrorKind::Conflict,
    ErrorKind::Transient,
    ErrorKind::OutOfMemory,
    ErrorKind::ResourceLimit,
    ErrorKind::Unsupported,
    ErrorKind::Timeout,
    ErrorKind::Io,
    ErrorKind::Communication,
    ErrorKind::Other,
];

/// The position of `kind` in [`ERROR_KINDS`].
pub const fn kind_index(kind: ErrorKind) -> usize {
    match kind {
        ErrorKind::Permission => 0,
        ErrorKind::InvalidArgument => 1,
        ErrorKind::BadAddress => 2,
        ErrorKind::NotFound => 3,
        ErrorKind::Conflict => 4,
        ErrorKind::Transient => 5,
        ErrorKind::OutOfMemory => 6,
        ErrorKind::ResourceLimit => 7,
        ErrorKind::Unsupported => 8,
        ErrorKind::Timeout => 9,
        ErrorKind::Io => 10,
        ErrorKind::Communication => 11,
        ErrorKind::Other => 12,
    }
}

/// Lock-free statistics for one syscall, updated by its thunk with relaxed atomics.
///
/// Calls and errors are exact; latencies (total, min, max, log2 histogram) cover the sampled
/// calls only (see [`super::set_sample_period`]). Calls, and the total, extremes and histogram
/// of sampled latencies, are kept in [`SHARDS`](super::SHARDS) shards: each CPU (each thread on
/// the host) updates its own with plain loads and stores, without the locked instructions that
/// otherwise dominate the cost of counting; readers combine the shards.
/// Every field starts at zero, so the statics the attribute generates live in `.bss`. Each
/// shard, and the struct, is aligned to 128 bytes, a pair of cache lines, so two contexts never
/// share a line nor a prefetched pair: two threads updating counters 64 bytes apart were still
/// 2.4x slower than 128 bytes apart on the reference host (`runtime/benches/README.md`).
#[derive(Debug)]
#[repr(C, align(128))]
pub struct SyscallStats {
    /// Calls and sampled latencies, per [`shard`].
    shards: [Shard; SHARDS],
    /// The per-syscall switch, inverted so that zero means "on".
    disabled: AtomicBool,
    /// Errors per [`ErrorKind`], indexed by [`kind_index`].
    errors: [AtomicU64; ERROR_KINDS.len()],
    /// Sampled latencies of the shared shard, and what private shards' 16-bit buckets spill.
    hist: Histogram,
}

/// The byte offset, in a [`SyscallStats`], of CPU `id`'s private shard: what the CPU's area
/// keeps for the hot path ([`crate::cpu::init_cpu`]).
#[cfg(target_os = "none")]
pub(crate) const fn shard_offset(id: usize) -> usize {
    core::mem::offset_of!(SyscallStats, shards) + shard::of(id) * size_of::<Shard>()
}

/// One CPU's part of a syscall's statistics (or the shared part), alone on its pair of cache
/// lines.
#[derive(Debug)]
#[repr(C, align(128))]
struct Shard {
    /// Calls counted; the value before an increment numbers the call for sampling.
    calls: AtomicU64,
    /// Sum of sampled latencies, in clock ticks.
    total: AtomicU64,
    /// Bitwise NOT of the smallest sampled latency (zero: none yet).
    inv_min: AtomicU64,
    /// The largest sampled latency.
    max: AtomicU64,
    /// Sampled latencies of a private shard (the shared one records in the shared histogram).
    hist: LocalHistogram,
}

impl Shard {
    const fn new() -> Self {
        Shard {
            calls: AtomicU64::new(0),
            total: AtomicU64::new(0),
            inv_min: AtomicU64::new(0),
            max: AtomicU64::new(0),
            hist: LocalHistogram::new(),
        }
    }

    /// Adds one sampled latency of `ticks` to a private shard: only its CPU writes it.
    #[inline]
    fn record_private(&self, ticks: u64, shared: &Histogram) {
        self.hist.record(ticks, shared);
        self.total
            .store(self.total.load(Relaxed).wrapping_add(ticks), Relaxed);
        if !ticks > self.inv_min.load(Relaxed) {
            self.inv_min.store(!ticks, Relaxed);
        }
        if ticks > self.max.load(Relaxed) {
            self.max.store(ticks, Relaxed);
        }
    }

    /// Adds one sampled latency of `ticks` to the shared shard.
    #[inline]
    fn record_shared(&self, ticks: u64, shared: &Histogram) {
        shared.record(ticks);
        self.total.fetch_add(ticks, Relaxed);
        // A load first: after warm-up the extremes rarely move, and a plain load is far cheaper
        // than the compare-and-swap loop `fetch_min`/`fetch_max` compile to.
        if !ticks > self.inv_min.load(Relaxed) {
            self.inv_min.fetch_max(!ticks, Relaxed);
        }
        if ticks > self.max.load(Relaxed) {
            self.max.fetch_max(ticks, Relaxed);
        }
    }

    fn reset(&self) {
        for c in [&self.calls, &self.total, &self.inv_min, &self.max] {
            c.store(0, Relaxed);
        }
        self.hist.reset();
    }
}

impl SyscallStats {
    /// Zeroed statistics, instrumentation on.
    pub const fn new() -> Self {
        SyscallStats {
            shards: [const { Shard::new() }; SHARDS],
            disabled: AtomicBool::new(false),
            errors: [const { AtomicU64::new(0) }; ERROR_KINDS.len()],
            hist: Histogram::new(),
        }
    }

    /// Counts one call; returns its sequence number in its shard (the shard's count before it).
    #[inline(always)]
    pub(super) fn count_call(&self) -> u64 {
        match self.private() {
            Some(shard) => {
                // A private shard: only this CPU writes it (see `shard`), so no lock is needed.
                let count = &shard.calls;
                let n = count.load(Relaxed);
                count.store(n + 1, Relaxed);
                n
            }
            None => self.shards[shard::SHARED].calls.fetch_add(1, Relaxed),
        }
    }

    /// Counts one failed call by the kind of its error.
    #[cold]
    #[inline(never)]
    pub(super) fn count_error(&self, errno: Errno) {
        self.errors[kind_index(errno.kind())].fetch_add(1, Relaxed);
    }

    /// Records one sampled latency of `ticks` in the current CPU's shard (the CPU is named
    /// again, not carried over from the count: a handler may have migrated).
    #[inline]
    pub(super) fn record_latency(&self, ticks: u64) {
        match self.private() {
            Some(shard) => shard.record_private(ticks, &self.hist),
            None => self.shards[shard::SHARED].record_shared(ticks, &self.hist),
        }
    }

    /// The current CPU's private shard, or `None` for the shared one. On bare metal the CPU's
    /// area holds the shard's byte offset in a `SyscallStats` ([`shard_offset`]), so finding
    /// it is one load and an add.
    #[inline(always)]
    fn private(&self) -> Option<&Shard> {
        #[cfg(target_os = "none")]
        // SAFETY: `init_cpu` stored `shard_offset(id)` for the CPU's id, below MAX_CPUS: the
        // offset of `shards[id + 1]` in this struct.
        let shard = Some(unsafe {
            &*core::ptr::from_ref(self)
                .byte_add(crate::cpu::shard_offset())
                .cast::<Shard>()
        });
        #[cfg(not(target_os = "none"))]
        let shard = shard::private().map(|i| &self.shards[i]);
        shard
    }

    /// Calls made so far (exact while instrumentation is on for this syscall), summed over the
    /// shards.
    pub fn calls(&self) -> u64 {
        self.shards.iter().map(|s| s.calls.load(Relaxed)).sum()
    }

    /// Calls CPU `cpu` made (on the host: the thread holding id `cpu`); 0 past
    /// [`MAX_CPUS`](crate::cpu::MAX_CPUS).
    pub fn calls_on(&self, cpu: usize) -> u64 {
        self.shards
            .get(shard::of(cpu))
            .map_or(0, |s| s.calls.load(Relaxed))
    }

    /// Calls counted in the shared shard: by contexts past the private ids.
    pub fn calls_unattributed(&self) -> u64 {
        self.shards[shard::SHARED].calls.load(Relaxed)
    }

    /// Calls that returned an error (after recovery).
    pub fn errors(&self) -> u64 {
        self.errors.iter().map(|e| e.load(Relaxed)).sum()
    }

    /// Calls that returned an error of `kind`.
    pub fn errors_of(&self, kind: ErrorKind) -> u64 {
        self.errors[kind_index(kind)].load(Relaxed)
    }

    /// Whether this syscall's switch is on (the global switch is separate).
    pub fn is_enabled(&self) -> bool {
        !self.disabled.load(Relaxed)
    }

    /// Turns recording for this syscall on or off. While any syscall's switch is off the
    /// hot-path word says so, and every counting thunk checks its own switch.
    pub fn set_enabled(&self, on: bool) {
        if self.disabled.swap(!on, Relaxed) == on {
            crate::switches::count_switched_off(if on { -1 } else { 1 });
        }
    }

    /// A copy of every counter. Updates racing with the copy may be partly included.
    pub fn snapshot(&self) -> StatsSnapshot {
        let (mut total, mut inv_min, mut max) = (0u64, 0, 0);
        let mut histogram = self.hist.snapshot();
        for s in &self.shards {
            total = total.wrapping_add(s.total.load(Relaxed));
            inv_min = inv_min.max(s.inv_min.load(Relaxed));
            max = max.max(s.max.load(Relaxed));
            s.hist.add_to(&mut histogram);
        }
        StatsSnapshot {
            calls: self.calls(),
            errors_by_kind: core::array::from_fn(|i| self.errors[i].load(Relaxed)),
            total_ticks: total,
            min_ticks: if inv_min == 0 { None } else { Some(!inv_min) },
            max_ticks: max,
            histogram,
        }
    }

    /// Zeroes every counter (not atomically as a whole: calls racing with it may be half-kept).
    pub fn reset(&self) {
        for s in &self.shards {
            s.reset();
        }
        for e in &self.errors {
            e.store(0, Relaxed);
        }
        self.hist.reset();
    }
}

impl Default for SyscallStats {
    fn default() -> Self {
        Self::new()
    }
}

/// A plain copy of a [`SyscallStats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    /// Calls counted.
    pub calls: u64,
    /// Errors per kind, in [`ERROR_KINDS`] order.
    pub errors_by_kind: [u64; ERROR_KINDS.len()],
    /// Sum of sampled latencies, in clock ticks.
    pub total_ticks: u64,
    /// The smallest sampled latency, if any call was sampled.
    pub min_ticks: Option<u64>,
    /// The largest sampled latency (0 if none).
    pub max_ticks: u64,
    /// Sampled latencies by log2 bucket.
    pub histogram: HistogramSnapshot,
}

impl StatsSnapshot {
    /// Errors of every kind.
    pub fn errors(&self) -> u64 {
        self.errors_by_kind.iter().sum()
    }

    /// Calls whose latency was sampled.
    pub fn samples(&self) -> u64 {
        self.histogram.total()
    }

    /// The mean sampled latency in ticks.
    pub fn mean_ticks(&self) -> Option<u64> {
        self.total_ticks.checked_div(self.samples())
    }

    /// Errors per million calls.
    pub fn error_ppm(&self) -> u64 {
        (self.errors().saturating_mul(1_000_000))
            .checked_div(self.calls)
            .unwrap_or(0)
    }

    /// The kind with the most errors, and its count.
    pub fn top_error_kind(&self) -> Option<(ErrorKind, u64)> {
        let (i, &n) = self
            .errors_by_kind
            .iter()
            .enumerate()
            .max_by_key(|&(_, n)| *n)?;
        (n > 0).then_some((ERROR_KINDS[i], n))
    }

    /// Adds `other` to this snapshot (for per-category and total figures).
    pub fn merge(&mut self, other: &StatsSnapshot) {
        self.calls += other.calls;
        for (a, b) in self.errors_by_kind.iter_mut().zip(&other.errors_by_kind) {
            *a += b;
        }
        self.total_ticks = self.total_ticks.saturating_add(other.total_ticks);
        self.min_ticks = match (self.min_ticks, other.min_ticks) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max_ticks = self.max_ticks.max(other.max_ticks);
        self.histogram.merge(&other.histogram);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_extremes_and_errors() {
        let s = SyscallStats::new();
        assert_eq!(s.snapshot().min_ticks, None);
        for t in [40, 10, 300, 20] {
            s.count_call();
            s.record_latency(t);
        }
        // The shared shard too: the snapshot combines both.
        s.shards[shard::SHARED].record_shared(30, &s.hist);
        s.count_error(Errno::EINVAL);
        s.count_error(Errno::EFAULT);
        s.count_error(Errno::EINVAL);
        let snap = s.snapshot();
        assert_eq!(snap.calls, 4);
        assert_eq!(snap.min_ticks, Some(10));
        assert_eq!(snap.max_ticks, 300);
        assert_eq!(snap.mean_ticks(), Some(80));
        assert_eq!(snap.samples(), 5);
        assert_eq!(snap.errors(), 3);
        assert_eq!(s.errors_of(ErrorKind::InvalidArgument), 2);
        assert_eq!(snap.top_error_kind(), Some((ErrorKind::InvalidArgument, 2)));
        assert_eq!(snap.error_ppm(), 750_000);
        s.reset();
        assert_eq!(s.snapshot(), StatsSnapshot::default());
    }

    #[test]
    fn kinds_round_trip() {
        for (i, k) in ERROR_KINDS.into_iter().enumerate() {
            assert_eq!(kind_index(k), i);
        }
    }

    #[test]
    fn padded_to_a_line_pair() {
        assert_eq!(core::mem::align_of::<SyscallStats>(), 128);
        assert_eq!(core::mem::size_of::<Shard>(), 128);
        assert_eq!(core::mem::size_of::<SyscallStats>(), 128 * SHARDS + 512);
    }
}
