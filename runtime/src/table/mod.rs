//! The dense dispatch table built once from the registered handlers.

mod error;
mod nospec;

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

pub use error::{InitError, KEPT_PROBLEMS, Problem};
pub use nospec::index_nospec;

use crate::{SYSCALLS, SyscallDesc};

/// Syscall numbers must be below this limit.
pub const MAX_SYSCALLS: usize = 1024;

/// The dispatch table: one slot per number, filled from [`SYSCALLS`].
pub struct Table {
    slots: [Option<&'static SyscallDesc>; MAX_SYSCALLS],
    problems: InitError,
    len: usize,
}

impl Table {
    fn build(descs: &'static [SyscallDesc]) -> Table {
        let mut table = Table {
            slots: [None; MAX_SYSCALLS],
            problems: InitError::new(),
            len: 0,
        };
        let mut conflicted = [0u64; MAX_SYSCALLS / 64];
        for desc in descs {
            let Some(slot) = table.slots.get_mut(desc.nr) else {
                table.problems.push(Problem::OutOfRange(desc));
                continue;
            };
            match slot {
                Some(first) => {
                    table.problems.push(Problem::Duplicate {
                        first,
                        second: desc,
                    });
                    conflicted[desc.nr / 64] |= 1 << (desc.nr % 64);
                }
                None => *slot = Some(desc),
            }
        }
        for (nr, slot) in table.slots.iter_mut().enumerate() {
            if conflicted[nr / 64] & (1 << (nr % 64)) != 0 {
                *slot = None;
            }
        }
        table.len = table.slots.iter().flatten().count();
        table
    }

    /// The handler for `nr`, if one is installed. O(1); the index is clamped without a branch.
    #[inline(always)]
    pub fn get(&self, nr: usize) -> Option<&'static SyscallDesc> {
        if nr >= MAX_SYSCALLS {
            return None;
        }
        self.slots[index_nospec(nr, MAX_SYSCALLS)]
    }

    /// The installed handlers, in number order.
    pub fn iter(&self) -> impl Iterator<Item = &'static SyscallDesc> + '_ {
        self.slots.iter().flatten().copied()
    }

    /// The number of installed handlers.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no handler is installed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Problems found while building (duplicates, numbers over the limit).
    pub fn problems(&self) -> &InitError {
        &self.problems
    }
}

static TABLE: spin::Once<Table> = spin::Once::new();
static UNKNOWN: AtomicU64 = AtomicU64::new(0);

/// The table, built on first use.
#[inline(always)]
pub fn table() -> &'static Table {
    match TABLE.get() {
        Some(t) => t,
        None => build_once(),
    }
}

#[cold]
fn build_once() -> &'static Table {
    TABLE.call_once(|| Table::build(&SYSCALLS))
}

/// Builds the dispatch table from every linked `#[syscall]` handler.
///
/// Call it once at boot; [`crate::dispatch`] builds the table lazily if you don't. Returns the
/// problems found: duplicate numbers (neither handler is installed) and numbers at or above
/// [`MAX_SYSCALLS`]. The table is usable either way.
pub fn init() -> Result<&'static Table, &'static InitError> {
    let t = table();
    if t.problems.is_empty() {
        Ok(t)
    } else {
        Err(&t.problems)
    }
}

/// Counts a call to a number with no handler.
#[cold]
pub(crate) fn count_unknown() {
    UNKNOWN.fetch_add(1, Relaxed);
}

/// Calls made to numbers with no handler (including out-of-range numbers).
pub fn unknown_calls() -> u64 {
    UNKNOWN.load(Relaxed)
}
