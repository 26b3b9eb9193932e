//! Module integration: the table, the registry and the linked descriptors agree, every
//! handler's thunk is reached through `dispatch`, and errnos map onto `-errno` exactly.
//!
//! Linked handlers are never run. Each is dispatched once under a one-shot injection of
//! [`PROBE_ERRNO`], which its thunk returns before calling the handler; handlers whose declared
//! recovery acts on every error (`fallback`, `terminate`) would run their strategy, so they are
//! only checked statically (the table slot holds their descriptor, hence their thunk).

use super::probe;
use super::report::CheckResult;
use crate::error::{self, inject};
use crate::{Errno, SYSCALLS, dispatch, registry, table};

/// The errno injected to probe a linked handler: not transient, not `ENOMEM`, not a
/// permission error, so only `fallback` and `terminate` act on it.
pub const PROBE_ERRNO: Errno = Errno::EIO;

/// Whether `desc`'s recovery leaves an injected [`PROBE_ERRNO`] alone.
pub(super) fn probe_safe(desc: &crate::SyscallDesc) -> bool {
    !desc.recovery.covers(PROBE_ERRNO)
}

const MODULES: &str = "module integration";

/// Checks table, registry, descriptors and dispatch; measured = consistent handlers.
///
/// Fails when no handler is linked (nothing to check: a handler crate nothing names is not
/// linked), when the table reports a problem (duplicate numbers, numbers past the table: those
/// descriptors are not installed), or when any installed handler is inconsistent.
pub(super) fn modules() -> CheckResult {
    let t = table::table();
    if SYSCALLS.is_empty() {
        return CheckResult::nothing_measured(MODULES, "no handler linked");
    }
    let mut consistent = 0usize;
    for desc in t.iter() {
        let in_registry = registry::get_syscall_info(desc.nr)
            .is_some_and(|d| core::ptr::eq(d, desc))
            && registry::get_syscall_by_name(desc.name).is_some();
        if in_registry && (!probe_safe(desc) || reaches_thunk(desc)) {
            consistent += 1;
        }
    }
    let installed = SYSCALLS
        .iter()
        .filter(|d| t.get(d.nr).is_some_and(|s| core::ptr::eq(s, *d)))
        .count();
    let counted = registry::get_syscall_statistics().total == t.len();
    let ok = t.problems().is_empty()
        && installed == SYSCALLS.len()
        && counted
        && consistent == SYSCALLS.len();
    let mut result = CheckResult::compared(
        MODULES,
        ok,
        consistent as f64,
        "==",
        SYSCALLS.len() as f64,
        "linked handlers consistent",
    );
    if !t.problems().is_empty() {
        result.note = "the table reports problems: see sysgate::init()";
    }
    result
}

/// Dispatches `desc` once with [`PROBE_ERRNO`] injected; true if its thunk returned it and
/// the error was counted for its number.
fn reaches_thunk(desc: &'static crate::SyscallDesc) -> bool {
    let failed = error::handler().stats().failed(desc.nr);
    inject::fail(desc.nr, PROBE_ERRNO, inject::PER_MILLION);
    let ret = dispatch::dispatch_under(&probe::OPEN, desc.nr, [0; 6]);
    inject::stop(desc.nr);
    ret == PROBE_ERRNO.to_ret() && error::handler().stats().failed(desc.nr) > failed
}

/// Injects every named errno into `desc` (an echo probe) and checks the return register; also
/// checks that success values pass unchanged and a value that would read as an error becomes
/// `EOVERFLOW`.
pub(super) fn errno_mapping(desc: &'static crate::SyscallDesc) -> CheckResult {
    let nr = desc.nr;
    let (mut mapped, mut total) = (0usize, 0usize);
    for errno in Errno::all() {
        total += 1;
        inject::fail(nr, errno, inject::PER_MILLION);
        let ret = probe::call(desc, 0);
        if ret == -(errno.code() as isize) && Errno::from_ret(ret) == Some(errno) {
            mapped += 1;
        }
    }
    inject::stop(nr);
    let values_ok = probe::call(desc, 4095) == 4095
        && probe::call(desc, usize::MAX) == Errno::EOVERFLOW.to_ret();
    let ok = values_ok && mapped == total;
    let mut result = CheckResult::compared(
        "errno mapping",
        ok,
        mapped as f64,
        "==",
        total as f64,
        "errnos",
    );
    if !values_ok {
        result.note = "success values are not returned unchanged";
    }
    result
}
