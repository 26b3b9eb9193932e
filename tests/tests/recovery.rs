//! Each recovery strategy does what it says, observed through the real dispatch path on the
//! host kernel (sleeps that move its clock, recorded reclaims and terminations, granted
//! capabilities).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};

use sysgate::error::{ErrorContext, handler};
use sysgate::host;
use sysgate::recovery::{Outcome, Strategy, escalated};
use sysgate::{Errno, dispatch, syscall};

/// The errors a handler returns on its next calls, then success; and how often it ran.
struct Script {
    errors: Mutex<Vec<Errno>>,
    calls: AtomicU32,
}

impl Script {
    const fn new() -> Self {
        Script {
            errors: Mutex::new(Vec::new()),
            calls: AtomicU32::new(0),
        }
    }

    fn set(&self, errors: &[Errno]) {
        *self.errors.lock().unwrap() = errors.iter().rev().copied().collect();
        self.calls.store(0, SeqCst);
    }

    fn next(&self) -> Result<usize, Errno> {
        self.calls.fetch_add(1, SeqCst);
        self.errors.lock().unwrap().pop().map_or(Ok(7), Err)
    }

    fn calls(&self) -> u32 {
        self.calls.load(SeqCst)
    }
}

/// Makes `pid` the current pid of this test's thread.
fn as_pid(pid: u32) {
    host::set_current_pid(pid);
}

/// The log entries of `pid`, oldest first.
fn logged(pid: u32) -> Vec<ErrorContext> {
    let mut entries = Vec::new();
    handler().log().for_each(|c| {
        if c.pid == pid {
            entries.push(*c);
        }
    });
    entries
}

/// An argument that counts how often it is decoded (re-validated).
#[derive(Clone, Copy, Debug)]
struct Checked;

static DECODES: AtomicU32 = AtomicU32::new(0);

impl TryFrom<usize> for Checked {
    type Error = ();
    fn try_from(v: usize) -> Result<Self, ()> {
        DECODES.fetch_add(1, SeqCst);
        if v == 1 { Ok(Checked) } else { Err(()) }
    }
}
impl From<Checked> for usize {
    fn from(_: Checked) -> usize {
        1
    }
}
sysgate::impl_syscall_arg!(Checked);

static RETRY: Script = Script::new();

/// Retried on transient errors.
#[syscall(nr = 500, category = "system", recovery = "retry", retries = 3)]
fn flaky(_token: Checked) -> Result<usize, Errno> {
    RETRY.next()
}

#[test]
fn retry_recovers_within_the_bound_and_revalidates() {
    as_pid(500);
    RETRY.set(&[Errno::EAGAIN, Errno::EINTR, Errno::EAGAIN]);
    DECODES.store(0, SeqCst);
    assert_eq!(dispatch(500, [1, 0, 0, 0, 0, 0]), 7);
    assert_eq!(RETRY.calls(), 4);
    assert_eq!(
        DECODES.load(SeqCst),
        4,
        "each retry decodes the arguments again"
    );
    let [entry] = logged(500)[..] else {
        panic!("one entry")
    };
    assert_eq!(
        (entry.errno, entry.final_errno, entry.outcome, entry.retries),
        (Errno::EAGAIN, None, Outcome::Recovered, 3)
    );
    assert_eq!(entry.strategy, Strategy::Retry);
}

#[test]
fn retry_stops_after_the_bound() {
    as_pid(501);
    RETRY_BOUND.set(&[Errno::EAGAIN; 10]);
    assert_eq!(dispatch(501, [0; 6]), Errno::EAGAIN.to_ret());
    assert_eq!(
        RETRY_BOUND.calls(),
        1 + 2,
        "the first call and `retries = 2`"
    );
    let [entry] = logged(501)[..] else {
        panic!("one entry")
    };
    assert_eq!(
        (entry.final_errno, entry.outcome, entry.retries),
        (Some(Errno::EAGAIN), Outcome::GaveUp, 2)
    );
}

static RETRY_BOUND: Script = Script::new();

/// Two retries at most.
#[syscall(nr = 501, category = "system", recovery = "retry", retries = 2)]
fn bounded() -> Result<usize, Errno> {
    RETRY_BOUND.next()
}

static RETRY_KIND: Script = Script::new();

/// Retried on transient errors only.
#[syscall(nr = 502, category = "system", recovery = "retry")]
fn picky() -> Result<usize, Errno> {
    RETRY_KIND.next()
}

#[test]
fn retry_acts_only_on_transient_errors() {
    as_pid(502);
    RETRY_KIND.set(&[Errno::EINVAL]);
    assert_eq!(dispatch(502, [0; 6]), Errno::EINVAL.to_ret());
    assert_eq!(RETRY_KIND.calls(), 1, "EINVAL is not retried");

    RETRY_KIND.set(&[Errno::EAGAIN, Errno::EBADF, Errno::EAGAIN]);
    assert_eq!(dispatch(502, [0; 6]), Errno::EBADF.to_ret());
    assert_eq!(
        RETRY_KIND.calls(),
        2,
        "retrying stops at the first non-transient error"
    );

    let outcomes: Vec<_> = logged(502)
        .iter()
        .map(|c| (c.outcome, c.final_errno))
        .collect();
    assert_eq!(
        outcomes,
        [
            (Outcome::NotAttempted, Some(Errno::EINVAL)),
            (Outcome::GaveUp, Some(Errno::EBADF))
        ]
    );
}

static BACKOFF: Script = Script::new();

/// Waits 100, 200, 400, 800, 1000 µs between attempts.
#[syscall(
    nr = 503,
    category = "network",
    recovery = "backoff",
    retries = 5,
    base_us = 100,
    cap_us = 1000
)]
fn congested() -> Result<usize, Errno> {
    BACKOFF.next()
}

#[test]
fn backoff_waits_the_documented_schedule() {
    as_pid(503);
    BACKOFF.set(&[Errno::EAGAIN; 10]);
    let before = sysgate::kernel::now();
    assert_eq!(dispatch(503, [0; 6]), Errno::EAGAIN.to_ret());
    assert_eq!(host::sleeps(503), [100, 200, 400, 800, 1000]);
    assert!(
        sysgate::kernel::now() - before >= 2_500_000,
        "the sleeps moved the clock"
    );
    assert_eq!(BACKOFF.calls(), 6);

    as_pid(5030);
    BACKOFF.set(&[Errno::EBUSY, Errno::EAGAIN]);
    assert_eq!(dispatch(503, [0; 6]), 7);
    assert_eq!(host::sleeps(5030), [100, 200], "no wait after the success");
    assert_eq!(logged(5030)[0].outcome, Outcome::Recovered);
}

static ALLOC: Script = Script::new();

/// Reclaims memory before each retry on ENOMEM.
#[syscall(nr = 504, category = "memory", recovery = "free_memory", retries = 3)]
fn allocate() -> Result<usize, Errno> {
    ALLOC.next()
}

#[test]
fn free_memory_reclaims_once_per_attempt() {
    as_pid(504);
    ALLOC.set(&[Errno::ENOMEM, Errno::ENOMEM]);
    assert_eq!(dispatch(504, [0; 6]), 7);
    assert_eq!((ALLOC.calls(), host::reclaims(504)), (3, 2));

    as_pid(5040);
    ALLOC.set(&[Errno::ENOMEM; 10]);
    assert_eq!(dispatch(504, [0; 6]), Errno::ENOMEM.to_ret());
    assert_eq!((ALLOC.calls(), host::reclaims(5040)), (4, 3));

    as_pid(5041);
    ALLOC.set(&[Errno::EAGAIN]);
    assert_eq!(dispatch(504, [0; 6]), Errno::EAGAIN.to_ret());
    assert_eq!((ALLOC.calls(), host::reclaims(5041)), (1, 0), "only ENOMEM");
    assert_eq!(logged(5041)[0].outcome, Outcome::NotAttempted);
}

static COMPAT_ARGS: Mutex<Option<(u32, u64, bool)>> = Mutex::new(None);

/// The old interface, still supported.
fn stat_compat(fd: u32, offset: u64, follow: bool) -> Result<usize, Errno> {
    *COMPAT_ARGS.lock().unwrap() = Some((fd, offset, follow));
    Ok(usize::try_from(offset).unwrap() + 1)
}

/// The new interface, not implemented here.
#[syscall(nr = 505, category = "file", recovery = "fallback", fallback = stat_compat)]
fn stat_v2(fd: u32, offset: u64, follow: bool) -> Result<usize, Errno> {
    let _ = (fd, offset, follow);
    Err(Errno::ENOSYS)
}

#[test]
fn fallback_calls_the_compat_handler_with_the_same_args() {
    as_pid(505);
    assert_eq!(dispatch(505, [3, 41, 1, 0, 0, 0]), 42);
    assert_eq!(*COMPAT_ARGS.lock().unwrap(), Some((3, 41, true)));
    let [entry] = logged(505)[..] else {
        panic!("one entry")
    };
    assert_eq!(entry.args, [3, 41, 1, 0, 0, 0]);
    assert_eq!(
        (entry.errno, entry.strategy, entry.outcome),
        (Errno::ENOSYS, Strategy::Fallback, Outcome::Recovered)
    );
}

/// A failure here means the process's state is corrupt.
#[syscall(nr = 506, category = "process", recovery = "terminate")]
fn fatal(code: u32) -> Result<usize, Errno> {
    if code == 0 { Ok(0) } else { Err(Errno::EFAULT) }
}

#[test]
fn terminate_asks_the_kernel_and_returns_the_error() {
    as_pid(506);
    assert_eq!(dispatch(506, [0; 6]), 0);
    assert!(host::terminations(506).is_empty());
    assert_eq!(dispatch(506, [1, 0, 0, 0, 0, 0]), Errno::EFAULT.to_ret());
    assert_eq!(host::terminations(506), [Errno::EFAULT]);
    assert_eq!(logged(506)[0].outcome, Outcome::Terminated);
}

/// The pid of every call of `reboot` (the two escalate tests run at once).
static PRIVILEGED_CALLERS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn privileged_calls(pid: u32) -> usize {
    let callers = PRIVILEGED_CALLERS.lock().unwrap();
    callers.iter().filter(|&&p| p == pid).count()
}

/// Needs privilege: succeeds only when escalated.
#[syscall(nr = 507, category = "security", recovery = "escalate")]
fn reboot(magic: u32) -> Result<usize, Errno> {
    let pid = sysgate::kernel::current_pid();
    PRIVILEGED_CALLERS.lock().unwrap().push(pid);
    match (magic, escalated()) {
        (0xfee1_dead, true) => Ok(1),
        (0xfee1_dead, false) => Err(Errno::EPERM),
        _ => Err(Errno::EINVAL),
    }
}

#[test]
fn escalate_is_refused_without_the_capability_and_logged() {
    as_pid(507);
    assert_eq!(
        dispatch(507, [0xfee1_dead, 0, 0, 0, 0, 0]),
        Errno::EPERM.to_ret()
    );
    assert_eq!(
        privileged_calls(507),
        1,
        "no second call without the capability"
    );
    let [entry] = logged(507)[..] else {
        panic!("one entry")
    };
    assert_eq!(
        (entry.strategy, entry.outcome, entry.final_errno),
        (Strategy::Escalate, Outcome::Refused, Some(Errno::EPERM))
    );
}

#[test]
fn escalate_succeeds_with_the_capability_and_is_logged() {
    as_pid(5070);
    host::grant_escalation(5070, 507);
    assert_eq!(dispatch(507, [0xfee1_dead, 0, 0, 0, 0, 0]), 1);
    assert_eq!(
        privileged_calls(5070),
        2,
        "the call, then the escalated call"
    );
    assert!(!escalated(), "privilege ends with the retry");
    let [entry] = logged(5070)[..] else {
        panic!("one entry")
    };
    assert_eq!(
        (entry.errno, entry.outcome, entry.retries, entry.final_errno),
        (Errno::EPERM, Outcome::Recovered, 1, None)
    );

    assert_eq!(dispatch(507, [5, 0, 0, 0, 0, 0]), Errno::EINVAL.to_ret());
    assert_eq!(
        logged(5070)[1].outcome,
        Outcome::NotAttempted,
        "EINVAL is not a permission error"
    );
    host::revoke_escalation(5070);
    assert_eq!(
        dispatch(507, [0xfee1_dead, 0, 0, 0, 0, 0]),
        Errno::EPERM.to_ret()
    );
    assert_eq!(logged(5070)[2].outcome, Outcome::Refused);
}

#[test]
fn strategy_counters_add_up() {
    let s = handler().stats().strategy(Strategy::Escalate);
    assert_eq!(s.attempted(), s.recovered() + s.gave_up());
}
