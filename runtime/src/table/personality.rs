//! A declared syscall table and the selection of the current thread's table.

use core::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

use linkme::DistributedSlice;

use super::{Decoding, InitError, MAX_SYSCALLS, Table};
use crate::SyscallDesc;

/// One syscall table: its handlers (a linkme slice), how it decodes arguments, its dense
/// dispatch array (built once) and the calls it received for numbers it has no handler for.
///
/// The native table is [`super::NATIVE`]; others are declared with
/// [`syscall_table!`](crate::syscall_table) and filled by `#[syscall(table = NAME, …)]`.
/// Duplicate numbers are detected per table: two tables may use the same number.
pub struct SyscallTable {
    name: &'static str,
    decoding: Decoding,
    descs: &'static DistributedSlice<[SyscallDesc]>,
    built: spin::Once<Table>,
    unknown: AtomicU64,
    asked: [AtomicU32; MAX_SYSCALLS],
    unhandled: spin::Once<&'static [(usize, &'static str)]>,
}

impl SyscallTable {
    /// A table named `name` over the handlers in `descs`. Use
    /// [`syscall_table!`](crate::syscall_table) rather than calling this.
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        decoding: Decoding,
        descs: &'static DistributedSlice<[SyscallDesc]>,
    ) -> Self {
        SyscallTable {
            name,
            decoding,
            descs,
            built: spin::Once::new(),
            unknown: AtomicU64::new(0),
            asked: [const { AtomicU32::new(0) }; MAX_SYSCALLS],
            unhandled: spin::Once::new(),
        }
    }

    /// The table's name, as reports, traces and JSON show it (`"native"`, `"linux"`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// How the table's handlers decode integer arguments.
    pub fn decoding(&self) -> Decoding {
        self.decoding
    }

    /// The dispatch array, built on first use.
    #[inline(always)]
    pub fn table(&'static self) -> &'static Table {
        match self.built.get() {
            Some(t) => t,
            None => self.build(),
        }
    }

    #[cold]
    fn build(&'static self) -> &'static Table {
        self.built.call_once(|| {
            super::built::register(self);
            Table::build(self.descs, self)
        })
    }

    /// Builds the dispatch array; returns the problems found (duplicate numbers, numbers at
    /// or above [`MAX_SYSCALLS`]), like [`crate::init`] does for the native table.
    pub fn init(&'static self) -> Result<&'static Table, &'static InitError> {
        let t = self.table();
        if t.problems().is_empty() {
            Ok(t)
        } else {
            Err(t.problems())
        }
    }

    /// The handler for `nr` in this table.
    pub fn get(&'static self, nr: usize) -> Option<&'static SyscallDesc> {
        self.table().get(nr)
    }

    /// The handler named `name` in this table.
    pub fn get_by_name(&'static self, name: &str) -> Option<&'static SyscallDesc> {
        self.table().iter().find(|d| d.name == name)
    }

    /// Names numbers this table knowingly has no handler for (`(nr, name)`), so traces and
    /// reports show `rseq(…) = -1 ENOSYS` rather than a bare number. The first call wins;
    /// returns whether it was this one.
    pub fn name_unhandled(&self, names: &'static [(usize, &'static str)]) -> bool {
        let mut first = false;
        self.unhandled.call_once(|| {
            first = true;
            names
        });
        first
    }

    /// The name given to `nr` by [`Self::name_unhandled`], if any.
    pub fn unhandled_name(&self, nr: usize) -> Option<&'static str> {
        self.unhandled
            .get()?
            .iter()
            .find_map(|&(n, name)| (n == nr).then_some(name))
    }

    /// Counts a call to `nr`, which has no handler here.
    #[cold]
    pub(crate) fn count_unknown(&self, nr: usize) {
        self.unknown.fetch_add(1, Relaxed);
        if let Some(n) = self.asked.get(nr) {
            n.fetch_add(1, Relaxed);
        }
    }

    /// Calls made to numbers with no handler in this table (including out-of-range numbers).
    pub fn unknown_calls(&self) -> u64 {
        self.unknown.load(Relaxed)
    }

    /// The numbers below [`MAX_SYSCALLS`] that were called without a handler here, with how
    /// often, in number order.
    pub fn unknown_numbers(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.asked
            .iter()
            .enumerate()
            .map(|(nr, n)| (nr, n.load(Relaxed)))
            .filter(|&(_, n)| n > 0)
    }
}

impl core::fmt::Debug for SyscallTable {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SyscallTable")
            .field("name", &self.name)
            .field("decoding", &self.decoding)
            .field("handlers", &self.descs.len())
            .finish_non_exhaustive()
    }
}

/// Makes `table` the current thread's table (its personality,
/// [`Thread::select`](crate::thread::Thread::select)): from now on its syscalls dispatch through
/// it. Builds it first if needed. Other threads keep theirs, so each CPU can run a thread of
/// another personality; hosted, before any [`set_current`](crate::thread::set_current), every
/// host thread shares one.
pub fn select(table: &'static SyscallTable) {
    crate::thread::running_or_shared().select(table);
}

/// The table the current thread dispatches through.
pub fn current_table() -> &'static SyscallTable {
    super::installed().owner()
}
