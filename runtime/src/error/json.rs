//! The detailed error report as JSON.

use core::fmt;

use super::ErrorContext;
use super::report::{ErrorReport, RECENT, TOP_ERRORS};
use crate::json::{Commas, OrNull, Str};
use crate::recovery::{Outcome, Strategy};

/// The report as one JSON object; `{}` prints it.
///
/// Keys: `logged`, `kept`, `overwritten`, `injected`, `top_errors` (`errno`,
/// `code`, `count`, `text`, `explanation`), `syscalls` (`nr`, `name`, `calls`, `failed`,
/// `recovered`, `returned`, `error_rate` in 0..=1 or `null`), `strategies` (`strategy`,
/// `attempted`, `recovered`, `gave_up`, `refused`, `terminated`) and `recent` (the newest log
/// entries, oldest first).
#[derive(Clone, Copy)]
pub struct Json<'a>(pub(super) ErrorReport<'a>);

/// A string as the report writes it (a line feed as `\n`).
fn text(s: &str) -> Str<'_> {
    Str::short_newline(s)
}

/// `num / den` as a JSON number with four decimals, or `null` when `den` is 0.
struct Ratio(u64, u64);

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 == 0 {
            return f.write_str("null");
        }
        let scaled = (u128::from(self.0) * 10_000 / u128::from(self.1)) as u64;
        write!(f, "{}.{:04}", scaled / 10_000, scaled % 10_000)
    }
}

fn entry(f: &mut fmt::Formatter<'_>, c: &ErrorContext) -> fmt::Result {
    write!(
        f,
        "{{\"seq\":{},\"nr\":{},\"name\":{},\"pid\":{},\"args\":[",
        c.seq,
        OrNull(c.nr),
        text(c.name),
        c.pid
    )?;
    let mut sep = Commas::new();
    for a in c.args {
        write!(f, "{}{a}", sep.next())?;
    }
    write!(
        f,
        "],\"errno\":{},\"code\":{},\"final_errno\":{}",
        text(c.errno.name().unwrap_or("")),
        c.errno.code(),
        OrNull(c.final_errno.map(|e| text(e.name().unwrap_or(""))))
    )?;
    write!(
        f,
        ",\"timestamp\":{},\"strategy\":{},\"outcome\":{},\"retries\":{},\"detail\":{}}}",
        c.timestamp,
        text(c.strategy.name()),
        text(c.outcome.name()),
        c.retries,
        text(c.detail)
    )
}

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let log = self.0.handler.log();
        let stats = self.0.handler.stats();
        write!(
            f,
            "{{\"logged\":{},\"kept\":{},\"overwritten\":{},\"injected\":{}",
            log.logged(),
            log.kept(),
            log.overwritten(),
            super::injected()
        )?;

        f.write_str(",\"top_errors\":[")?;
        let (mut sep, mut result) = (Commas::new(), Ok(()));
        stats.top_errnos(TOP_ERRORS, |errno, count| {
            result = result.and_then(|()| {
                f.write_str(sep.next())?;
                write!(
                    f,
                    "{{\"errno\":{},\"code\":{},\"count\":{count},\"text\":{},\"explanation\":{}}}",
                    text(errno.name().unwrap_or("")),
                    errno.code(),
                    text(errno.description()),
                    text(errno.explanation())
                )
            });
        });
        result?;

        f.write_str("],\"syscalls\":[")?;
        let mut sep = Commas::new();
        for (d, calls, failed, recovered) in self.0.syscalls() {
            f.write_str(sep.next())?;
            let returned = failed - recovered.min(failed);
            write!(
                f,
                "{{\"nr\":{},\"name\":{},\"calls\":{calls},\"failed\":{failed},\"recovered\":{recovered},\"returned\":{returned},\"error_rate\":{}}}",
                d.nr,
                text(d.name),
                Ratio(returned, calls)
            )?;
        }

        f.write_str("],\"strategies\":[")?;
        let mut sep = Commas::new();
        for strategy in Strategy::ALL.into_iter().skip(1) {
            f.write_str(sep.next())?;
            let s = stats.strategy(strategy);
            write!(
                f,
                "{{\"strategy\":{},\"attempted\":{},\"recovered\":{},\"gave_up\":{},\"refused\":{},\"terminated\":{}}}",
                text(strategy.name()),
                s.attempted(),
                s.recovered(),
                s.gave_up(),
                s.count(Outcome::Refused),
                s.count(Outcome::Terminated)
            )?;
        }

        f.write_str("],\"recent\":[")?;
        let (mut sep, mut result) = (Commas::new(), Ok(()));
        log.for_each_recent(RECENT, |c| {
            result = result.and_then(|()| {
                f.write_str(sep.next())?;
                entry(f, c)
            });
        });
        result?;
        f.write_str("]}")
    }
}
