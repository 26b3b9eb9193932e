//! Categories as promises: a process declares which categories of syscall it needs and can
//! only ever narrow that set (OpenBSD's `pledge` is the model).
//!
//! The kernel keeps one [`Policy`] per process (or thread) and returns the current thread's
//! from [`Kernel::policy`](crate::Kernel::policy): there is no global "current policy" to
//! switch, so what one CPU runs never changes what another checks. [`crate::dispatch`] checks
//! the current promises with one call into the kernel, one load and one bit test; a call
//! outside them is refused with `EPERM` (or, under [`Violation::Terminate`], the process is
//! also terminated), counted per category and logged with its context in
//! [`crate::error::handler`].
//!
//! ```
//! use sysgate::Category;
//! use sysgate::policy::{Policy, Promises, Violation};
//!
//! let shell = Policy::new();
//! assert!(shell.allows(Category::Network));
//!
//! let stdio = Promises::of(&[Category::File, Category::Process, Category::Memory]);
//! shell.pledge(stdio, Violation::Deny).unwrap();
//! assert!(!shell.allows(Category::Network));
//! // Widening again is refused.
//! assert!(shell.pledge(Promises::ALL, Violation::Deny).is_err());
//! ```

use core::fmt;
use core::sync::atomic::{AtomicU8, AtomicU16, AtomicU64, Ordering::Relaxed};

use crate::error::{self, ErrorContext};
use crate::{Category, Errno, SyscallArgs, SyscallDesc, kernel};

/// A set of categories, one bit per [`Category`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Promises(u16);

impl Promises {
    /// Every category.
    pub const ALL: Promises = Promises((1 << Category::ALL.len()) - 1);
    /// No category: every syscall is refused.
    pub const NONE: Promises = Promises(0);

    /// The set of `categories`.
    pub const fn of(categories: &[Category]) -> Promises {
        let (mut bits, mut i) = (0, 0);
        while i < categories.len() {
            bits |= categories[i].bit();
            i += 1;
        }
        Promises(bits)
    }

    /// Whether `category` is in the set.
    #[inline(always)]
    pub const fn contains(self, category: Category) -> bool {
        self.0 & category.bit() != 0
    }

    /// Whether every category of `other` is in `self`.
    pub const fn includes(self, other: Promises) -> bool {
        other.0 & !self.0 == 0
    }

    /// The bits, one per [`Category::index`].
    pub const fn bits(self) -> u16 {
        self.0
    }
}

impl fmt::Debug for Promises {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(Category::ALL.iter().filter(|c| self.contains(**c)))
            .finish()
    }
}

/// What happens to a process that calls outside its promises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Violation {
    /// The call returns `EPERM`.
    Deny = 0,
    /// The call returns `EPERM` and the kernel terminates the process.
    Terminate = 1,
}

/// One process's promises. Starts with every category; [`Policy::pledge`] only narrows.
pub struct Policy {
    promises: AtomicU16,
    violation: AtomicU8,
}

impl Policy {
    /// A policy that allows every category.
    pub const fn new() -> Policy {
        Policy {
            promises: AtomicU16::new(Promises::ALL.0),
            violation: AtomicU8::new(Violation::Deny as u8),
        }
    }

    /// Narrows the promises to `promises` and sets what a violation does. Asking for a
    /// category not already promised is `EPERM` and changes nothing.
    pub fn pledge(&self, promises: Promises, violation: Violation) -> Result<(), Errno> {
        let mut current = self.promises.load(Relaxed);
        loop {
            if !Promises(current).includes(promises) {
                return Err(Errno::EPERM);
            }
            match self
                .promises
                .compare_exchange_weak(current, promises.0, Relaxed, Relaxed)
            {
                Ok(_) => break,
                Err(now) => current = now,
            }
        }
        // Once a process asked for termination it cannot go back to mere denial.
        self.violation.fetch_max(violation as u8, Relaxed);
        Ok(())
    }

    /// Every category promised again and violations denied: only the kernel, for a new program
    /// image ([`Thread::start_program`](crate::thread::Thread::start_program)).
    pub(crate) fn reset(&self) {
        self.promises.store(Promises::ALL.0, Relaxed);
        self.violation.store(Violation::Deny as u8, Relaxed);
    }

    /// Whether `category` is promised: one load, one bit test.
    #[inline(always)]
    pub fn allows(&self, category: Category) -> bool {
        self.promises.load(Relaxed) & category.bit() != 0
    }

    /// The promised categories.
    pub fn promises(&self) -> Promises {
        Promises(self.promises.load(Relaxed))
    }

    /// What a violation does.
    pub fn violation(&self) -> Violation {
        match self.violation.load(Relaxed) {
            0 => Violation::Deny,
            _ => Violation::Terminate,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self::new()
    }
}

/// The policy of a kernel that never pledges: every category allowed.
pub static UNRESTRICTED: Policy = Policy::new();

static DENIED: [AtomicU64; Category::ALL.len()] =
    [const { AtomicU64::new(0) }; Category::ALL.len()];

/// The policy dispatch checks now: the current thread's, from
/// [`Kernel::policy`](crate::Kernel::policy). A `pledge` handler narrows it.
#[inline(always)]
pub fn current() -> &'static Policy {
    kernel::policy()
}

/// Refuses a call outside `policy`'s promises: counts, logs, terminates if so pledged.
#[cold]
#[inline(never)]
pub(crate) fn refuse(policy: &Policy, desc: &'static SyscallDesc, args: &SyscallArgs) -> isize {
    DENIED[desc.category.index()].fetch_add(1, Relaxed);
    let pid = kernel::current_pid();
    let h = error::handler();
    let terminate = policy.violation() == Violation::Terminate;
    h.record(&ErrorContext {
        nr: Some(desc.nr),
        name: desc.name,
        table: crate::table::current_table().name(),
        args: args.0,
        detail: if terminate {
            "outside the process's promises; process terminated"
        } else {
            "outside the process's promises"
        },
        ..h.create_error_context(pid, Errno::EPERM)
    });
    if terminate {
        kernel::terminate_process(pid, Errno::EPERM);
    }
    Errno::EPERM.to_ret()
}

/// Calls refused because their category was not promised.
pub fn denied(category: Category) -> u64 {
    DENIED[category.index()].load(Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pledge_only_narrows() {
        let p = Policy::new();
        let io = Promises::of(&[Category::File, Category::Memory]);
        assert_eq!(p.pledge(io, Violation::Deny), Ok(()));
        assert_eq!(p.promises(), io);
        assert_eq!(
            p.pledge(
                Promises::of(&[Category::File, Category::Network]),
                Violation::Deny
            ),
            Err(Errno::EPERM)
        );
        assert_eq!(p.promises(), io, "a refused pledge changes nothing");
        assert_eq!(
            p.pledge(Promises::of(&[Category::File]), Violation::Terminate),
            Ok(())
        );
        assert_eq!(p.violation(), Violation::Terminate);
        assert_eq!(p.pledge(Promises::NONE, Violation::Deny), Ok(()));
        assert_eq!(p.violation(), Violation::Terminate, "termination is sticky");
        assert!(!p.promises().contains(Category::File));
    }

    #[test]
    fn sets() {
        assert!(Promises::ALL.includes(Promises::of(&Category::ALL)));
        assert_eq!(Promises::of(&Category::ALL), Promises::ALL);
        assert!(!Promises::NONE.contains(Category::File));
    }
}
