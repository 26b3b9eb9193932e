//! What the host kernel keeps per thread — each thread stands for a thread of the kernel: its
//! process id and its pledge policy — and the user range, shared by all.

extern crate std;

use core::cell::Cell;
use core::ops::Range;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::policy::{self, Policy};

std::thread_local! {
    static PID: Cell<u32> = const { Cell::new(1) };
    static POLICY: Cell<&'static Policy> = const { Cell::new(&policy::UNRESTRICTED) };
}

/// The default user range: the x86_64 lower half above the null page.
const DEFAULT_USER: Range<usize> = 0x1000..0x0000_8000_0000_0000;

static USER_START: AtomicUsize = AtomicUsize::new(DEFAULT_USER.start);
static USER_END: AtomicUsize = AtomicUsize::new(DEFAULT_USER.end);

/// Makes `pid` the current pid of the calling thread (1 until set).
pub fn set_current_pid(pid: u32) {
    PID.with(|p| p.set(pid));
}

pub(super) fn current_pid() -> u32 {
    PID.with(Cell::get)
}

/// Makes `policy` the calling thread's policy, the one its dispatches are checked against
/// ([`policy::UNRESTRICTED`] until set). Other threads keep theirs.
pub fn set_policy(policy: &'static Policy) {
    POLICY.with(|p| p.set(policy));
}

pub(super) fn policy() -> &'static Policy {
    POLICY.with(Cell::get)
}

/// Makes `range` user space for every thread (the x86_64 lower half above the null page until
/// set): every user pointer must lie in it. Set it before other threads dispatch.
pub fn set_user_range(range: Range<usize>) {
    USER_START.store(range.start, Relaxed);
    USER_END.store(range.end, Relaxed);
}

pub(super) fn user_range() -> Range<usize> {
    USER_START.load(Relaxed)..USER_END.load(Relaxed)
}
