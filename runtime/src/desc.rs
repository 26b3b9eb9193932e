//! The registration record every `#[syscall]` handler contributes.

use core::fmt;

use crate::{Category, Recovery, perf::SyscallStats};

/// The six argument registers of a syscall, as raw words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(transparent)]
pub struct SyscallArgs(pub [usize; 6]);

/// A generated handler entry point: decodes, calls, records, and encodes the result.
pub type Thunk = fn(&SyscallArgs) -> isize;

/// One declared parameter: its name, its type as written, and how its registers read.
#[derive(Clone, Copy, Debug)]
pub struct ArgInfo {
    /// The parameter name (`"fd"`).
    pub name: &'static str,
    /// The parameter type as written (`"UserSlice<u8>"`).
    pub ty: &'static str,
    /// The argument registers it occupies ([`SyscallArg::WORDS`](crate::SyscallArg::WORDS)).
    pub words: usize,
    /// Writes its value from those registers ([`SyscallArg::trace`](crate::SyscallArg::trace)).
    pub trace: fn(&[usize], &mut dyn fmt::Write) -> fmt::Result,
}

/// Where a handler was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// The module path of the handler.
    pub module: &'static str,
    /// The source file.
    pub file: &'static str,
    /// The line of the function.
    pub line: u32,
}

/// Everything known about one syscall; `#[syscall]` places one in [`crate::SYSCALLS`].
#[derive(Debug)]
pub struct SyscallDesc {
    /// The syscall number.
    pub nr: usize,
    /// The syscall name (the function name unless `name = "…"` is given).
    pub name: &'static str,
    /// The category, checked by [`crate::policy`].
    pub category: Category,
    /// The declared parameters, in order.
    pub args: &'static [ArgInfo],
    /// The declared return type as written.
    pub ret: &'static str,
    /// The doc comment, one line per source line.
    pub doc: &'static str,
    /// What the thunk does when the handler fails.
    pub recovery: Recovery,
    /// `fast`: instrumentation is compiled out of this handler's thunk.
    pub fast: bool,
    /// `hot`: the thunk lives in the hot text section.
    pub hot: bool,
    /// Where the handler was declared.
    pub location: Location,
    /// The per-syscall statistics slot.
    pub stats: &'static SyscallStats,
    /// The generated entry point.
    pub thunk: Thunk,
}

impl SyscallDesc {
    /// The first line of the doc comment: a one-line summary.
    pub fn summary(&self) -> &'static str {
        self.doc.lines().next().unwrap_or("")
    }

    /// The number of parameters.
    pub fn arity(&self) -> usize {
        self.args.len()
    }
}
