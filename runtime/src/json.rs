//! Pieces of JSON output shared by the reports, written to any `fmt::Write` without allocating.

use core::fmt::{self, Write};
use core::mem;

/// A string written as a JSON string literal: `"` and `\` are escaped and every other control
/// character is written `\u00XX` — a line feed too, unless made with [`Str::short_newline`].
#[derive(Clone, Copy)]
pub(crate) struct Str<'s> {
    text: &'s str,
    short_newline: bool,
}

impl<'s> Str<'s> {
    /// `text` as a literal, a line feed written `\u000a`.
    pub(crate) const fn new(text: &'s str) -> Self {
        Str {
            text,
            short_newline: false,
        }
    }

    /// `text` as a literal, a line feed written `\n`.
    pub(crate) const fn short_newline(text: &'s str) -> Self {
        Str {
            text,
            short_newline: true,
        }
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.text.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' if self.short_newline => f.write_str("\\n")?,
                c if u32::from(c) < 0x20 => write!(f, "\\u{:04x}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// A value that may be absent: the value, or `null`.
pub(crate) struct OrNull<T>(pub(crate) Option<T>);

impl<T: fmt::Display> fmt::Display for OrNull<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => f.write_str("null"),
        }
    }
}

/// The separators between the items of a JSON array or object: none before the first item,
/// a comma before each of the others.
pub(crate) struct Commas(bool);

impl Commas {
    /// Separators for a list not yet started.
    pub(crate) const fn new() -> Self {
        Commas(false)
    }

    /// What goes before the next item.
    pub(crate) fn next(&mut self) -> &'static str {
        if mem::replace(&mut self.0, true) {
            ","
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::format;

    use super::*;

    #[test]
    fn escapes_strings() {
        assert_eq!(format!("{}", Str::new("a\"b\\c\n")), r#""a\"b\\c\u000a""#);
        let s = "a\"b\\c\n\u{1}";
        assert_eq!(format!("{}", Str::new(s)), r#""a\"b\\c\u000a\u0001""#);
        assert_eq!(format!("{}", Str::short_newline(s)), r#""a\"b\\c\n\u0001""#);
    }

    #[test]
    fn writes_null_and_commas() {
        assert_eq!(format!("{}", OrNull(Some(7))), "7");
        assert_eq!(format!("{}", OrNull(None::<u64>)), "null");
        let mut sep = Commas::new();
        assert_eq!([sep.next(), sep.next(), sep.next()], ["", ",", ","]);
    }
}
