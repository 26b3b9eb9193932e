//! How a table turns register words into integer arguments.

/// The decoding rule of a [`SyscallTable`](super::SyscallTable)'s integer parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// sysgate's own: a word that does not fit the declared type is `EINVAL`.
    Strict,
    /// Linux's `__se_sys*` wrappers: an `int` takes the low 32 bits of its register whatever
    /// lies above them (every integer is the register cast to the declared type).
    Linux,
}

impl Decoding {
    /// The rule's name in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Decoding::Strict => "strict",
            Decoding::Linux => "linux",
        }
    }
}
