//! What can be wrong with the registered handlers, reported by [`crate::init`].

use core::fmt;

use crate::{MAX_SYSCALLS, SyscallDesc};

/// One problem found while building the table.
#[derive(Clone, Copy, Debug)]
pub enum Problem {
    /// Two handlers claim one number; neither is installed.
    Duplicate {
        /// The handler seen first.
        first: &'static SyscallDesc,
        /// The handler seen second.
        second: &'static SyscallDesc,
    },
    /// A handler's number is not below [`MAX_SYSCALLS`]; it is not installed.
    OutOfRange(&'static SyscallDesc),
}

/// How many problems an [`InitError`] keeps in detail.
pub const KEPT_PROBLEMS: usize = 8;

/// The problems found while building the table (the first [`KEPT_PROBLEMS`], and a count).
#[derive(Clone, Copy, Debug)]
pub struct InitError {
    kept: [Option<Problem>; KEPT_PROBLEMS],
    total: usize,
}

impl InitError {
    pub(crate) const fn new() -> Self {
        InitError {
            kept: [None; KEPT_PROBLEMS],
            total: 0,
        }
    }

    pub(crate) fn push(&mut self, problem: Problem) {
        if let Some(slot) = self.kept.get_mut(self.total) {
            *slot = Some(problem);
        }
        self.total += 1;
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The number of problems found.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The problems kept in detail.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.kept.iter().flatten()
    }
}

fn at(d: &SyscallDesc) -> impl fmt::Display + '_ {
    struct At<'a>(&'a SyscallDesc);
    impl fmt::Display for At<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let l = &self.0.location;
            write!(f, "`{}` ({}:{})", self.0.name, l.file, l.line)
        }
    }
    At(d)
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the syscall table:", self.total)?;
        for p in self.problems() {
            match p {
                Problem::Duplicate { first, second } => writeln!(
                    f,
                    "  syscall {} is declared twice: {} and {}; neither is installed",
                    first.nr,
                    at(first),
                    at(second)
                )?,
                Problem::OutOfRange(d) => writeln!(
                    f,
                    "  syscall {} {} is not below the table limit {}",
                    d.nr,
                    at(d),
                    MAX_SYSCALLS
                )?,
            }
        }
        if self.total > KEPT_PROBLEMS {
            writeln!(f, "  … and {} more", self.total - KEPT_PROBLEMS)?;
        }
        Ok(())
    }
}
