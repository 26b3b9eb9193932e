//! The tables built so far, each in a slot: what counters kept outside a table (the error
//! handler's failures per syscall) index, and what reports walk to cover every table.

use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering::AcqRel, Ordering::Acquire};

use super::{NATIVE, SyscallTable};

/// Tables with a slot: the native table (slot 0) and the first `MAX_TABLES - 1` others built.
/// A table built after the slots ran out dispatches as any other; its failures are counted per
/// errno but not per syscall.
pub const MAX_TABLES: usize = 4;

/// Slots 1.. in build order; null where no table is yet.
static OTHERS: [AtomicPtr<SyscallTable>; MAX_TABLES - 1] =
    [const { AtomicPtr::new(ptr::null_mut()) }; MAX_TABLES - 1];

/// Gives `table` a slot if one is free; called once per table, when it is built.
pub(super) fn register(table: &'static SyscallTable) {
    if ptr::eq(table, &NATIVE) {
        return;
    }
    let table = ptr::from_ref(table).cast_mut();
    for slot in &OTHERS {
        let now = match slot.compare_exchange(ptr::null_mut(), table, AcqRel, Acquire) {
            Ok(_) => return,
            Err(now) => now,
        };
        if now == table {
            return;
        }
    }
}

/// The slot of `table`: 0 for the native table, `None` for one never built or built after
/// the slots ran out.
pub fn slot(table: &SyscallTable) -> Option<usize> {
    if ptr::eq(table, &NATIVE) {
        return Some(0);
    }
    OTHERS
        .iter()
        .position(|s| ptr::eq(s.load(Acquire), table))
        .map(|i| i + 1)
}

/// The slot of the table named `name` (the first such): the native table's for `""`, what
/// errors recorded outside a table name.
pub fn slot_named(name: &str) -> Option<usize> {
    if name.is_empty() {
        return Some(0);
    }
    tables().position(|t| t.name() == name)
}

/// The native table and every other table built, in slot order.
pub fn tables() -> impl Iterator<Item = &'static SyscallTable> {
    // SAFETY: a slot is null or holds a `&'static SyscallTable` stored by `register`.
    let others = OTHERS
        .iter()
        .map_while(|s| unsafe { s.load(Acquire).as_ref() });
    core::iter::once(&NATIVE).chain(others)
}
