//! The text report: totals, the instrumentation's cost, one line per syscall, per category,
//! bpftrace-style latency histograms and the recommendations. Writes to any `fmt::Write`.

use core::fmt::{self, Write};

use super::recommend::Recommendations;
use super::snapshot::{PerformanceStatistics, SyscallSnapshot};
use crate::Category;
use crate::cpu::MAX_CPUS;
use crate::table::SyscallTable;

/// An optional figure, printed as `-` when absent.
struct Opt(Option<u64>);

impl fmt::Display for Opt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => v.fmt(f),
            None => "-".fmt(f),
        }
    }
}

fn row(out: &mut dyn Write, label: &dyn fmt::Display, s: &super::StatsSnapshot) -> fmt::Result {
    writeln!(
        out,
        "{label}{:>10} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
        s.calls,
        s.errors(),
        s.samples(),
        Opt(s.mean_ticks()),
        Opt(s.min_ticks),
        Opt((s.samples() > 0).then_some(s.max_ticks)),
        Opt(s.histogram.percentile(50)),
        Opt(s.histogram.percentile(99)),
    )
}

const HEADER: &str = "     calls   errors  samples     mean      min      max     p50<      p99<";

/// The calls line per CPU (host: per thread id), summed over every handler of `table`, from the
/// live counters: `calls per CPU: 0: 1200, 1: 1000, …` (CPUs without calls left out).
fn write_per_cpu(out: &mut dyn Write, table: &'static SyscallTable) -> fmt::Result {
    let t = table.table();
    let calls_on = |cpu: usize| t.iter().map(|d| d.stats.calls_on(cpu)).sum::<u64>();
    write!(out, "calls per CPU:")?;
    let mut first = true;
    for cpu in 0..MAX_CPUS {
        let calls = calls_on(cpu);
        if calls > 0 {
            write!(out, "{} {cpu}: {calls}", if first { "" } else { "," })?;
            first = false;
        }
    }
    let shared: u64 = t.iter().map(|d| d.stats.calls_unattributed()).sum();
    if shared > 0 {
        write!(
            out,
            "{} unattributed: {shared}",
            if first { "" } else { "," }
        )?;
    }
    writeln!(out)
}

/// Writes the whole report for `stats` to `out`.
pub fn write_report(out: &mut dyn Write, stats: &PerformanceStatistics) -> fmt::Result {
    let unit = stats.unit;
    write!(
        out,
        "== sysgate performance ({} table): instrumentation ",
        stats.table.name()
    )?;
    match (stats.enabled, stats.sample_period) {
        (false, _) => writeln!(out, "off")?,
        (true, 0) => writeln!(out, "on, counts only (latency not timed)")?,
        (true, p) => writeln!(out, "on, latency timed for 1 call in {p}, in {unit}")?,
    }
    writeln!(
        out,
        "calls {}  errors {}  unknown numbers (ENOSYS) {}  monitor records dropped {}",
        stats.totals.calls,
        stats.totals.errors(),
        stats.unknown_calls,
        stats.dropped
    )?;
    write_per_cpu(out, stats.table)?;
    let o = &stats.overhead;
    write!(
        out,
        "instrumentation cost: clock read {} {unit}, atomic add {} {unit}, estimated total {} {unit}",
        o.clock_read_ticks, o.atomic_add_ticks, o.estimated_ticks
    )?;
    match stats.overhead_permille() {
        Some(p) => writeln!(out, " (~{}.{}% of syscall time)", p / 10, p % 10)?,
        None => writeln!(out)?,
    }
    let t = stats.table.table();
    let mut lines = 0;
    let mut last_line = usize::MAX;
    for d in t.iter() {
        let line = d.nr * size_of::<usize>() / 64;
        if line != last_line {
            lines += 1;
            last_line = line;
        }
    }
    writeln!(
        out,
        "dispatch table: {} handlers in {} slots; they occupy {lines} of its {} cache lines \
         (hardware cache counters are not read)",
        t.len(),
        crate::MAX_SYSCALLS,
        crate::MAX_SYSCALLS * size_of::<usize>() / 64
    )?;

    writeln!(out, "\n  nr name             category{HEADER}")?;
    for s in stats.syscalls() {
        let cat = s.category.map_or("-", Category::as_str);
        let flag = if s.fast {
            " (fast: not recorded)"
        } else if !s.enabled {
            " (off)"
        } else {
            ""
        };
        let label = Label(&s, cat);
        row(out, &label, &s.stats)?;
        if !flag.is_empty() {
            writeln!(out, "      {flag}")?;
        }
    }
    writeln!(out, "\n{:<30}{HEADER}", "category")?;
    for c in Category::ALL {
        let s = stats.category(c);
        if s.calls > 0 {
            row(out, &format_args!("{:<30}", c.as_str()), s)?;
        }
    }
    row(out, &format_args!("{:<30}", "total"), &stats.totals)?;

    for s in stats.syscalls() {
        if s.stats.samples() > 0 {
            writeln!(
                out,
                "\n@{}[{}]: latency in {unit}, {} samples",
                s.display_name(),
                s.nr,
                s.stats.samples()
            )?;
            write!(out, "{}", s.stats.histogram.hist())?;
        }
    }
    writeln!(out, "\nrecommendations:")?;
    write!(out, "{}", Recommendations::from_statistics(stats.clone()))
}

/// The leading columns of a syscall row.
struct Label<'a>(&'a SyscallSnapshot, &'a str);

impl fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>4} {:<16} {:<8}",
            self.0.nr,
            self.0.display_name(),
            self.1
        )
    }
}

impl fmt::Display for PerformanceStatistics {
    /// The report of [`write_report`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_report(f, self)
    }
}
