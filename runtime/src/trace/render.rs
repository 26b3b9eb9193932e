//! Rendering records the way strace prints calls: `name(arg=value, …) = ret`.

use core::fmt;

use super::TraceRecord;
use super::value::{Kind, success_type};
use crate::{Errno, SyscallDesc};

/// Whether trace lines start with a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timestamps {
    /// Lines only: stable output for transcripts.
    Hidden,
    /// Each line starts with the ticks since the first record shown.
    Relative,
}

/// One record, rendered with the declaration of its syscall (looked up in the table it was
/// dispatched through).
///
/// Arguments print by their declared type: integers in decimal, pointers in hex, slices as
/// `0xaddr[len]`, `bool` by name. An error prints as `-1 EPERM (Operation not permitted)`.
/// A number with no handler prints as `syscall_0x…(` all six words `)`, or under the name its
/// table gave it ([`SyscallTable::name_unhandled`](crate::table::SyscallTable::name_unhandled)).
pub struct Call<'a>(pub &'a TraceRecord);

impl fmt::Display for Call<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_call(f, self.0, self.0.table.get(self.0.nr))
    }
}

fn write_call(
    f: &mut dyn fmt::Write,
    rec: &TraceRecord,
    desc: Option<&SyscallDesc>,
) -> fmt::Result {
    let Some(desc) = desc else {
        match rec.table.unhandled_name(rec.nr) {
            Some(name) => write!(f, "{name}(")?,
            None => write!(f, "syscall_{:#x}(", rec.nr)?,
        }
        for (i, w) in rec.args.iter().enumerate() {
            write!(f, "{}{w:#x}", if i > 0 { ", " } else { "" })?;
        }
        f.write_str(")")?;
        return write_ret(f, rec.ret, Kind::Unsigned);
    };
    write!(f, "{}(", desc.name)?;
    let mut at = 0;
    for (i, arg) in desc.args.iter().enumerate() {
        let Some(words) = rec.args.get(at..at + arg.words) else {
            break;
        };
        write!(f, "{}{}=", if i > 0 { ", " } else { "" }, arg.name)?;
        (arg.trace)(words, f)?;
        at += arg.words;
    }
    f.write_str(")")?;
    write_ret(f, rec.ret, Kind::of(success_type(desc.ret)))
}

fn write_ret(f: &mut dyn fmt::Write, ret: isize, kind: Kind) -> fmt::Result {
    match Errno::from_ret(ret) {
        Some(e) => write!(
            f,
            " = -1 {} ({})",
            e.name().unwrap_or("E?"),
            e.description()
        ),
        None => {
            f.write_str(" = ")?;
            kind.write(f, ret as usize)
        }
    }
}

/// Writes every record still held, oldest first, one line each.
pub fn write_trace(out: &mut dyn fmt::Write, timestamps: Timestamps) -> fmt::Result {
    let mut first = None;
    for rec in super::records() {
        if timestamps == Timestamps::Relative {
            let start = *first.get_or_insert(rec.timestamp);
            write!(out, "{:>10} ", rec.timestamp.saturating_sub(start))?;
        }
        write_call(out, &rec, rec.table.get(rec.nr))?;
        out.write_str("\n")?;
    }
    Ok(())
}
