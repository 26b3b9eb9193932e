//! Probe syscalls: descriptors built like the generated ones but never registered, so the
//! runner exercises the real thunk body ([`crate::thunk::run`]), the policy test, injection,
//! recovery, logging and statistics without running any handler linked into the binary.
//!
//! Their numbers lie past [`MAX_SYSCALLS`]: no table slot, no per-syscall error counter, and no
//! clash with a kernel's numbers. The probe handler returns its first argument word.

use crate::perf::SyscallStats;
use crate::policy::Policy;
use crate::{
    Category, Errno, Location, MAX_SYSCALLS, Recovery, SyscallArgs, SyscallDesc, dispatch, table,
    thunk,
};

/// A policy that is never narrowed: the runner's probes must not be refused.
pub(super) static OPEN: Policy = Policy::new();

type Body = fn(&SyscallArgs) -> Result<usize, Errno>;

fn echo(args: &SyscallArgs) -> Result<usize, Errno> {
    Ok(args.0[0])
}

macro_rules! probe {
    ($(#[$doc:meta])* $desc:ident, $stats:ident, $thunk:ident, $nr:expr, $name:literal, $recovery:expr) => {
        static $stats: SyscallStats = SyscallStats::new();

        $(#[$doc])*
        pub(super) static $desc: SyscallDesc = SyscallDesc {
            nr: $nr,
            name: $name,
            category: Category::System,
            args: &[],
            ret: "usize",
            doc: "Test runner probe: returns its first argument word.",
            recovery: $recovery,
            fast: false,
            hot: false,
            location: Location {
                module: module_path!(),
                file: file!(),
                line: line!(),
            },
            stats: &$stats,
            thunk: $thunk,
        };

        fn $thunk(args: &SyscallArgs) -> isize {
            thunk::run(&$desc, args, echo, None::<Body>)
        }
    };
}

probe!(
    /// A probe without recovery: overhead, errno mapping, memory.
    PLAIN, PLAIN_STATS, plain_thunk, MAX_SYSCALLS, "probe", Recovery::None
);
probe!(
    /// A probe that retries transient errors three times: recovery rate, stress.
    RETRY, RETRY_STATS, retry_thunk, MAX_SYSCALLS + 1, "probe_retry",
    Recovery::Retry { retries: 3 }
);

/// Calls `desc` the way [`crate::dispatch`] calls a handler: a table lookup (of a number with
/// no handler, so nothing runs), the policy bit test (of [`OPEN`]), then the thunk.
#[inline(always)]
pub(super) fn call(desc: &'static SyscallDesc, word: usize) -> isize {
    let _ = core::hint::black_box(table::table().get(core::hint::black_box(desc.nr)));
    dispatch::call(&OPEN, desc, &SyscallArgs([word, 0, 0, 0, 0, 0]))
}
