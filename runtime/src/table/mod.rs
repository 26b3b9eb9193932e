//! The dense dispatch tables built once from the registered handlers.
//!
//! A kernel has the native table ([`NATIVE`], filled by `#[syscall]` without `table = …`) and
//! any number declared with [`syscall_table!`](crate::syscall_table): each is a
//! [`SyscallTable`] with its own slice of handlers, dense dispatch array, unknown-number counts
//! and duplicate guard. The current thread's table (its personality) is [`select`]ed; dispatch
//! finds it with one load.

mod built;
mod decoding;
mod error;
mod nospec;
mod personality;

pub use built::{MAX_TABLES, slot, slot_named, tables};
pub use decoding::Decoding;
pub use error::{InitError, KEPT_PROBLEMS, Problem};
pub use nospec::index_nospec;
pub use personality::{SyscallTable, current_table, select};

use crate::{SYSCALLS, SyscallDesc};

/// Syscall numbers must be below this limit.
pub const MAX_SYSCALLS: usize = 1024;

/// The dispatch table: one slot per number, filled from [`SYSCALLS`].
pub struct Table {
    slots: [Option<&'static SyscallDesc>; MAX_SYSCALLS],
    problems: InitError,
    len: usize,
    owner: &'static SyscallTable,
}

impl Table {
    fn build(descs: &'static [SyscallDesc], owner: &'static SyscallTable) -> Table {
        let mut table = Table {
            slots: [None; MAX_SYSCALLS],
            problems: InitError::new(),
            len: 0,
            owner,
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
        self.slot(Index::of(nr)?)
    }

    /// The handler in slot `index`, if one is installed.
    #[inline(always)]
    pub(crate) fn slot(&self, index: Index) -> Option<&'static SyscallDesc> {
        // SAFETY: an `Index` is below MAX_SYSCALLS, the length of `slots`.
        unsafe { *self.slots.get_unchecked(index.0) }
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

    /// The declared table this dispatch array was built for.
    pub fn owner(&self) -> &'static SyscallTable {
        self.owner
    }
}

/// A syscall number below [`MAX_SYSCALLS`], clamped so that it stays below it even where a
/// mispredicted check let a larger one through ([`index_nospec`]).
#[derive(Clone, Copy)]
pub(crate) struct Index(usize);

impl Index {
    /// `nr` as an index, if it is below [`MAX_SYSCALLS`].
    #[inline(always)]
    pub(crate) fn of(nr: usize) -> Option<Index> {
        if nr >= MAX_SYSCALLS {
            return None;
        }
        Some(Index(index_nospec(nr, MAX_SYSCALLS)))
    }

    /// The number: the `nr` it was made of.
    #[inline(always)]
    pub(crate) fn nr(self) -> usize {
        self.0
    }
}

/// The native table: every `#[syscall]` declared without `table = …`, strict decoding.
pub static NATIVE: SyscallTable = SyscallTable::new("native", Decoding::Strict, &SYSCALLS);

/// What a thread dispatches through before its first syscall: the native table's placeholder,
/// empty, so every number misses and the miss path puts the native table (built then if need
/// be) in its place ([`current_built`]).
static NOTHING: Table = Table {
    slots: [None; MAX_SYSCALLS],
    problems: InitError::new(),
    len: 0,
    owner: &NATIVE,
};

/// The placeholder a new [`Thread`](crate::thread::Thread) starts with.
pub(crate) const PLACEHOLDER: *const Table = &raw const NOTHING;

/// The native table, built on first use.
#[inline(always)]
pub fn table() -> &'static Table {
    NATIVE.table()
}

/// The table dispatch looks numbers up in: the current thread's, with no check that it was
/// built (the placeholder misses every number). One load from the current thread.
#[inline(always)]
pub(crate) fn installed() -> &'static Table {
    crate::thread::running_or_shared().table()
}

/// The current thread's table, built: the placeholder becomes the native table.
#[cold]
pub(crate) fn current_built() -> &'static Table {
    let thread = crate::thread::running_or_shared();
    let table = thread.table();
    if !core::ptr::eq(table, PLACEHOLDER) {
        return table;
    }
    let native = NATIVE.table();
    thread.set_table(native);
    native
}

/// Builds the native dispatch table from every linked `#[syscall]` handler.
///
/// Call it once at boot; from then on [`crate::dispatch`] looks numbers up without checking
/// that the table exists (before it, the first call builds the table on its miss path). Returns the
/// problems found: duplicate numbers (neither handler is installed) and numbers at or above
/// [`MAX_SYSCALLS`]. The table is usable either way. Other tables are built by
/// [`SyscallTable::init`] or when first [`select`]ed.
pub fn init() -> Result<&'static Table, &'static InitError> {
    NATIVE.init()
}

/// Calls to the native table made to numbers with no handler (including out-of-range numbers).
pub fn unknown_calls() -> u64 {
    NATIVE.unknown_calls()
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::ToString;

    use super::*;
    use crate::perf::SyscallStats;
    use crate::{Category, Location, Recovery, SyscallArgs};

    fn zero(_: &SyscallArgs) -> isize {
        0
    }

    static STATS: SyscallStats = SyscallStats::new();

    const fn desc(nr: usize, name: &'static str, line: u32) -> SyscallDesc {
        SyscallDesc {
            nr,
            name,
            category: Category::System,
            args: &[],
            ret: "()",
            doc: "",
            recovery: Recovery::None,
            fast: false,
            hot: false,
            location: Location {
                module: "table::tests",
                file: "table.rs",
                line,
            },
            stats: &STATS,
            thunk: zero,
        }
    }

    static DESCS: [SyscallDesc; 6] = [
        desc(3, "three", 10),
        desc(7, "seven", 20),
        desc(7, "seven_again", 30),
        desc(MAX_SYSCALLS, "too_big", 40),
        desc(7, "seven_thrice", 50),
        desc(MAX_SYSCALLS - 1, "last", 60),
    ];

    #[test]
    fn duplicates_and_numbers_over_the_limit_are_reported_and_not_installed() {
        let table = Table::build(&DESCS, &NATIVE);
        assert_eq!(table.len(), 2, "three and last");
        assert_eq!(table.get(3).map(|d| d.name), Some("three"));
        assert!(
            table.get(7).is_none(),
            "a duplicated number runs neither handler"
        );
        assert_eq!(table.get(MAX_SYSCALLS - 1).map(|d| d.name), Some("last"));
        assert!(table.get(MAX_SYSCALLS).is_none());
        assert!(table.get(usize::MAX).is_none());
        assert_eq!(table.problems().total(), 3);
        let text = table.problems().to_string();
        assert!(text.contains("3 problem(s)"), "{text}");
        assert!(
            text.contains(
                "syscall 7 is declared twice: `seven` (table.rs:20) and `seven_again` (table.rs:30)"
            ),
            "{text}"
        );
        assert!(text.contains("`seven_thrice` (table.rs:50)"), "{text}");
        assert!(
            text.contains("syscall 1024 `too_big` (table.rs:40) is not below the table limit 1024"),
            "{text}"
        );
        let numbers: std::vec::Vec<usize> = table.iter().map(|d| d.nr).collect();
        assert_eq!(numbers, [3, MAX_SYSCALLS - 1]);
    }
}
