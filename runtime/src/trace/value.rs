//! How a return value reads in a trace line, decided from the declared return type as written.
//! (Arguments print through their type's [`SyscallArg::trace`](crate::SyscallArg::trace).)

use core::fmt;

/// The rendering of one declared success type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `u8`..`usize` and anything not recognised: decimal.
    Unsigned,
    /// `i8`..`isize`: signed decimal.
    Signed,
    /// `bool`: `true`/`false`.
    Bool,
    /// `UserPtr<T>`, raw pointers: hex address.
    Pointer,
    /// `()`: no value (returns read `0`).
    Unit,
}

impl Kind {
    /// The kind of a type as written (`"sysgate::UserPtr<u64>"`, `"i64"`, `"()"`).
    pub(super) fn of(ty: &str) -> Kind {
        let ty = ty.trim();
        if ty.starts_with('*') {
            return Kind::Pointer;
        }
        let head = ty.split('<').next().unwrap_or(ty);
        let last = head.rsplit("::").next().unwrap_or(head).trim();
        match last {
            "i8" | "i16" | "i32" | "i64" | "isize" => Kind::Signed,
            "bool" => Kind::Bool,
            "UserPtr" | "UserPtrMut" => Kind::Pointer,
            "()" => Kind::Unit,
            _ => Kind::Unsigned,
        }
    }

    /// Writes the value held in the return word `w`.
    pub(super) fn write(self, f: &mut dyn fmt::Write, w: usize) -> fmt::Result {
        match self {
            Kind::Unsigned | Kind::Unit => write!(f, "{w}"),
            Kind::Signed => write!(f, "{}", w as isize),
            Kind::Bool if w <= 1 => f.write_str(if w == 1 { "true" } else { "false" }),
            Kind::Bool => write!(f, "{w}"),
            Kind::Pointer => write!(f, "{w:#x}"),
        }
    }
}

/// The success type of a declared return type: `T` of `Result<T, E>`, else the type itself.
pub(super) fn success_type(ret: &str) -> &str {
    let ret = ret.trim();
    let Some(inner) = ret
        .strip_prefix("Result<")
        .or_else(|| ret.split_once("::Result<").map(|(_, rest)| rest))
    else {
        return ret;
    };
    let mut depth = 0usize;
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return inner[..i].trim(),
            _ => {}
        }
    }
    inner.trim_end_matches('>').trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_declared_type() {
        assert_eq!(Kind::of("u32"), Kind::Unsigned);
        assert_eq!(Kind::of("i64"), Kind::Signed);
        assert_eq!(Kind::of("UserPtr<[u8; 4]>"), Kind::Pointer);
        assert_eq!(Kind::of("*mut u8"), Kind::Pointer);
        assert_eq!(Kind::of("bool"), Kind::Bool);
        assert_eq!(Kind::of("Whence"), Kind::Unsigned);
    }

    #[test]
    fn success_type_unwraps_result() {
        assert_eq!(success_type("Result<usize, Errno>"), "usize");
        assert_eq!(success_type("core::result::Result<(), E>"), "()");
        assert_eq!(
            success_type("Result<Result<u8, X>, Errno>"),
            "Result<u8, X>"
        );
        assert_eq!(success_type("u64"), "u64");
    }
}
