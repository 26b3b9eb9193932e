//! The detailed error report as text.

use core::fmt;

use super::{ErrorContext, SyscallErrorHandler, json::Json};
use crate::recovery::{Outcome, Strategy};
use crate::{SyscallDesc, table};

/// Errnos listed under "top errors".
pub const TOP_ERRORS: usize = 10;

/// Log entries listed under "newest errors".
pub const RECENT: usize = 10;

/// The detailed report of a [`SyscallErrorHandler`]; `{}` prints it as text.
#[derive(Clone, Copy)]
pub struct ErrorReport<'a> {
    pub(super) handler: &'a SyscallErrorHandler,
}

impl<'a> ErrorReport<'a> {
    pub(super) fn new(handler: &'a SyscallErrorHandler) -> Self {
        ErrorReport { handler }
    }

    /// The same report as one JSON object, printable with `{}`.
    pub fn json(&self) -> Json<'a> {
        Json(*self)
    }

    /// The registered syscalls with failures or calls, and their counts:
    /// `(desc, calls, failed, recovered)`.
    pub(super) fn syscalls(&self) -> impl Iterator<Item = (&'static SyscallDesc, u64, u64, u64)> {
        let stats = self.handler.stats();
        table::table().iter().filter_map(move |d| {
            let (calls, failed) = (d.stats.calls(), stats.failed(d.nr));
            (calls > 0 || failed > 0).then(|| (d, calls, failed, stats.recovered(d.nr)))
        })
    }
}

/// `num / den` as a percentage with one decimal (`"96.7%"`), or `"-"` when `den` is 0.
pub(super) struct Percent(pub u64, pub u64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 == 0 {
            return f.pad("-");
        }
        let tenths = (u128::from(self.0) * 1000 / u128::from(self.1)) as u64;
        let mut buf = [0u8; 24];
        let mut w = Cursor(&mut buf, 0);
        fmt::write(&mut w, format_args!("{}.{}%", tenths / 10, tenths % 10))?;
        let len = w.1;
        f.pad(core::str::from_utf8(&buf[..len]).map_err(|_| fmt::Error)?)
    }
}

/// A `fmt::Write` into a fixed buffer.
struct Cursor<'b>(&'b mut [u8], usize);

impl fmt::Write for Cursor<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.1 + s.len();
        self.0
            .get_mut(self.1..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.1 = end;
        Ok(())
    }
}

impl fmt::Display for ErrorReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let log = self.handler.log();
        let stats = self.handler.stats();
        writeln!(f, "== sysgate error report ==")?;
        writeln!(
            f,
            "failures: {} logged, {} kept, {} overwritten; {} injected",
            log.logged(),
            log.kept(),
            log.overwritten(),
            super::injected()
        )?;

        writeln!(f, "-- top errors --")?;
        writeln!(f, "{:>8}  {:<16}  meaning", "count", "errno")?;
        let mut any = false;
        let mut result = Ok(());
        stats.top_errnos(TOP_ERRORS, |errno, count| {
            any = true;
            result = result.and_then(|()| {
                let name = errno.name().unwrap_or("-");
                writeln!(f, "{count:>8}  {name:<12}{:>4}  {errno}", errno.code())?;
                writeln!(f, "{:28}{}", "", errno.explanation())
            });
        });
        result?;
        if !any {
            writeln!(f, "  (none)")?;
        }

        writeln!(f, "-- per-syscall errors --")?;
        writeln!(
            f,
            "{:>5}  {:<16} {:>10} {:>8} {:>9} {:>8} {:>10}",
            "nr", "name", "calls", "failed", "recovered", "returned", "error rate"
        )?;
        for (d, calls, failed, recovered) in self.syscalls() {
            let returned = failed - recovered.min(failed);
            writeln!(
                f,
                "{:>5}  {:<16} {:>10} {:>8} {:>9} {:>8} {:>10}",
                d.nr,
                d.name,
                calls,
                failed,
                recovered,
                returned,
                Percent(returned, calls)
            )?;
        }

        writeln!(f, "-- recovery outcomes --")?;
        writeln!(
            f,
            "  {:<12} {:>9} {:>9} {:>8} {:>7} {:>10} {:>8}",
            "strategy", "attempted", "recovered", "gave up", "refused", "terminated", "success"
        )?;
        for strategy in Strategy::ALL.into_iter().skip(1) {
            let s = stats.strategy(strategy);
            writeln!(
                f,
                "  {:<12} {:>9} {:>9} {:>8} {:>7} {:>10} {:>8}",
                strategy.name(),
                s.attempted(),
                s.recovered(),
                s.gave_up(),
                s.count(Outcome::Refused),
                s.count(Outcome::Terminated),
                Percent(s.recovered(), s.attempted())
            )?;
        }

        writeln!(f, "-- newest errors (oldest first) --")?;
        let mut result = Ok(());
        log.for_each_recent(RECENT, |ctx| {
            result = result.and_then(|()| writeln!(f, "  {}", Line(ctx)));
        });
        result
    }
}

/// One log entry on one line (its time in the kernel clock's ticks).
pub struct Line<'c>(pub &'c ErrorContext);

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        let unit = crate::perf::clock::unit();
        write!(f, "#{} t={} {unit} pid {} ", c.seq, c.timestamp, c.pid)?;
        match c.nr {
            Some(nr) => {
                write!(f, "{}(nr {nr}) args [", c.name)?;
                for (i, a) in c.args.iter().enumerate() {
                    write!(f, "{}{a:#x}", if i == 0 { "" } else { ", " })?;
                }
                write!(f, "] ")?;
            }
            None => write!(f, "(outside a syscall) ")?,
        }
        write!(f, "{:?}", c.errno)?;
        if c.strategy != Strategy::None {
            write!(f, " {}: {}", c.strategy.name(), c.outcome.name())?;
            if c.retries > 0 {
                write!(f, " after {} more call(s)", c.retries)?;
            }
            if let Some(e) = c.final_errno.filter(|e| *e != c.errno) {
                write!(f, ", returned {e:?}")?;
            }
        }
        if !c.detail.is_empty() {
            write!(f, " — {}", c.detail)?;
        }
        Ok(())
    }
}
