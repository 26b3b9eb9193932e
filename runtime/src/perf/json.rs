//! The statistics as JSON, written to any `fmt::Write` without allocating.

use core::fmt::{self, Write};

use super::snapshot::PerformanceStatistics;
use super::{ERROR_KINDS, StatsSnapshot, histogram};
use crate::Category;
use crate::json::{Commas, OrNull, Str};

fn stats(out: &mut dyn Write, s: &StatsSnapshot) -> fmt::Result {
    let has = s.samples() > 0;
    write!(
        out,
        "\"calls\":{},\"errors\":{},\"samples\":{},\"total\":{},\"mean\":{},\"min\":{},\
         \"max\":{},\"p50\":{},\"p99\":{},\"errors_by_kind\":{{",
        s.calls,
        s.errors(),
        s.samples(),
        s.total_ticks,
        OrNull(s.mean_ticks()),
        OrNull(s.min_ticks),
        OrNull(has.then_some(s.max_ticks)),
        OrNull(s.histogram.percentile(50)),
        OrNull(s.histogram.percentile(99)),
    )?;
    let mut sep = Commas::new();
    for (kind, &n) in ERROR_KINDS.iter().zip(&s.errors_by_kind) {
        if n > 0 {
            write!(out, "{}\"{kind:?}\":{n}", sep.next())?;
        }
    }
    out.write_str("},\"histogram\":[")?;
    let mut sep = Commas::new();
    for (i, &n) in s.histogram.counts.iter().enumerate() {
        if n > 0 {
            write!(out, "{}[{},{n}]", sep.next(), histogram::bucket_low(i))?;
        }
    }
    out.write_char(']')
}

/// Writes `stats` as one JSON object.
///
/// Latencies are in `unit` ticks; `p50`/`p99` are exclusive upper bounds of log2 buckets;
/// `histogram` lists `[lower bound, count]` for each non-empty bucket.
pub fn write_json(out: &mut dyn Write, s: &PerformanceStatistics) -> fmt::Result {
    let o = &s.overhead;
    write!(
        out,
        "{{\"table\":{},\"enabled\":{},\"sample_period\":{},\"unit\":{},\"unknown_calls\":{},\"dropped\":{},\
         \"overhead\":{{\"clock_read\":{},\"atomic_add\":{},\"estimated\":{}}},\"totals\":{{",
        Str::new(s.table.name()),
        s.enabled,
        s.sample_period,
        Str::new(s.unit),
        s.unknown_calls,
        s.dropped,
        o.clock_read_ticks,
        o.atomic_add_ticks,
        o.estimated_ticks
    )?;
    stats(out, &s.totals)?;
    out.write_str("},\"categories\":{")?;
    let mut sep = Commas::new();
    for c in Category::ALL {
        write!(out, "{}{}:{{", sep.next(), Str::new(c.as_str()))?;
        stats(out, s.category(c))?;
        out.write_char('}')?;
    }
    out.write_str("},\"syscalls\":[")?;
    let mut sep = Commas::new();
    for sc in s.syscalls() {
        write!(
            out,
            "{}{{\"nr\":{},\"name\":{},\"category\":{},\"fast\":{},\"enabled\":{},",
            sep.next(),
            sc.nr,
            OrNull(sc.name.map(Str::new)),
            OrNull(sc.category.map(|c| Str::new(c.as_str()))),
            sc.fast,
            sc.enabled
        )?;
        stats(out, &sc.stats)?;
        out.write_char('}')?;
    }
    out.write_str("]}")
}
