//! The detailed error report as JSON.

use core::fmt::{self, Write};

use super::report::{ErrorReport, RECENT, TOP_ERRORS};
use super::{ErrorContext, inject};
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

/// A JSON string literal with escapes.
struct Str<'s>(&'s str);

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
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

fn separator(f: &mut fmt::Formatter<'_>, first: &mut bool) -> fmt::Result {
    if !core::mem::take(first) {
        f.write_char(',')?;
    }
    Ok(())
}

fn entry(f: &mut fmt::Formatter<'_>, c: &ErrorContext) -> fmt::Result {
    write!(f, "{{\"seq\":{},\"nr\":", c.seq)?;
    match c.nr {
        Some(nr) => write!(f, "{nr}")?,
        None => f.write_str("null")?,
    }
    write!(f, ",\"name\":{},\"pid\":{},\"args\":[", Str(c.name), c.pid)?;
    for (i, a) in c.args.iter().enumerate() {
        write!(f, "{}{a}", if i == 0 { "" } else { "," })?;
    }
    write!(
        f,
        "],\"errno\":{},\"code\":{},\"final_errno\":",
        Str(c.errno.name().unwrap_or("")),
        c.errno.code()
    )?;
    match c.final_errno {
        Some(e) => write!(f, "{}", Str(e.name().unwrap_or("")))?,
        None => f.write_str("null")?,
    }
    write!(
        f,
        ",\"timestamp_ns\":{},\"strategy\":{},\"outcome\":{},\"retries\":{},\"detail\":{}}}",
        c.timestamp_ns,
        Str(c.strategy.name()),
        Str(c.outcome.name()),
        c.retries,
        Str(c.detail)
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
            inject::injected()
        )?;

        f.write_str(",\"top_errors\":[")?;
        let (mut first, mut result) = (true, Ok(()));
        stats.top_errnos(TOP_ERRORS, |errno, count| {
            result = result.and_then(|()| {
                separator(f, &mut first)?;
                write!(
                    f,
                    "{{\"errno\":{},\"code\":{},\"count\":{count},\"text\":{},\"explanation\":{}}}",
                    Str(errno.name().unwrap_or("")),
                    errno.code(),
                    Str(errno.description()),
                    Str(errno.explanation())
                )
            });
        });
        result?;

        f.write_str("],\"syscalls\":[")?;
        let mut first = true;
        for (d, calls, failed, recovered) in self.0.syscalls() {
            separator(f, &mut first)?;
            let returned = failed - recovered.min(failed);
            write!(
                f,
                "{{\"nr\":{},\"name\":{},\"calls\":{calls},\"failed\":{failed},\"recovered\":{recovered},\"returned\":{returned},\"error_rate\":{}}}",
                d.nr,
                Str(d.name),
                Ratio(returned, calls)
            )?;
        }

        f.write_str("],\"strategies\":[")?;
        let mut first = true;
        for strategy in Strategy::ALL.into_iter().skip(1) {
            separator(f, &mut first)?;
            let s = stats.strategy(strategy);
            write!(
                f,
                "{{\"strategy\":{},\"attempted\":{},\"recovered\":{},\"gave_up\":{},\"refused\":{},\"terminated\":{}}}",
                Str(strategy.name()),
                s.attempted(),
                s.recovered(),
                s.gave_up(),
                s.count(Outcome::Refused),
                s.count(Outcome::Terminated)
            )?;
        }

        f.write_str("],\"recent\":[")?;
        let (mut first, mut result) = (true, Ok(()));
        log.for_each_recent(RECENT, |c| {
            result = result.and_then(|()| {
                separator(f, &mut first)?;
                entry(f, c)
            });
        });
        result?;
        f.write_str("]}")
    }
}
