//! The statistics as JSON, written to any `fmt::Write` without allocating.

use core::fmt::{self, Write};

use super::snapshot::PerformanceStatistics;
use super::{ERROR_KINDS, StatsSnapshot, histogram};
use crate::Category;

/// A string written as a JSON string literal.
struct Str<'a>(&'a str);

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                c if u32::from(c) < 0x20 => write!(f, "\\u{:04x}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// A figure that may be absent: a number or `null`.
struct Num(Option<u64>);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{v}"),
            None => f.write_str("null"),
        }
    }
}

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
        Num(s.mean_ticks()),
        Num(s.min_ticks),
        Num(has.then_some(s.max_ticks)),
        Num(s.histogram.percentile(50)),
        Num(s.histogram.percentile(99)),
    )?;
    let mut sep = "";
    for (kind, &n) in ERROR_KINDS.iter().zip(&s.errors_by_kind) {
        if n > 0 {
            write!(out, "{sep}\"{kind:?}\":{n}")?;
            sep = ",";
        }
    }
    out.write_str("},\"histogram\":[")?;
    let mut sep = "";
    for (i, &n) in s.histogram.counts.iter().enumerate() {
        if n > 0 {
            write!(out, "{sep}[{},{n}]", histogram::bucket_low(i))?;
            sep = ",";
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
        "{{\"enabled\":{},\"sample_period\":{},\"unit\":{},\"unknown_calls\":{},\"dropped\":{},\
         \"overhead\":{{\"clock_read\":{},\"atomic_add\":{},\"estimated\":{}}},\"totals\":{{",
        s.enabled,
        s.sample_period,
        Str(s.unit),
        s.unknown_calls,
        s.dropped,
        o.clock_read_ticks,
        o.atomic_add_ticks,
        o.estimated_ticks
    )?;
    stats(out, &s.totals)?;
    out.write_str("},\"categories\":{")?;
    for (i, c) in Category::ALL.into_iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        write!(out, "{sep}{}:{{", Str(c.as_str()))?;
        stats(out, s.category(c))?;
        out.write_char('}')?;
    }
    out.write_str("},\"syscalls\":[")?;
    for (i, sc) in s.syscalls().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        write!(out, "{sep}{{\"nr\":{},\"name\":", sc.nr)?;
        match sc.name {
            Some(n) => write!(out, "{}", Str(n))?,
            None => out.write_str("null")?,
        }
        match sc.category {
            Some(c) => write!(out, ",\"category\":{}", Str(c.as_str()))?,
            None => out.write_str(",\"category\":null")?,
        }
        write!(out, ",\"fast\":{},\"enabled\":{},", sc.fast, sc.enabled)?;
        stats(out, &sc.stats)?;
        out.write_char('}')?;
    }
    out.write_str("]}")
}

#[cfg(test)]
mod tests {
    use super::Str;

    #[test]
    fn escapes_strings() {
        struct Out([u8; 64], usize);
        impl core::fmt::Write for Out {
            fn write_str(&mut self, s: &str) -> core::fmt::Result {
                self.0[self.1..self.1 + s.len()].copy_from_slice(s.as_bytes());
                self.1 += s.len();
                Ok(())
            }
        }
        let mut out = Out([0; 64], 0);
        core::fmt::write(&mut out, format_args!("{}", Str("a\"b\\c\n"))).unwrap();
        assert_eq!(&out.0[..out.1], br#""a\"b\\c\u000a""#);
    }
}
