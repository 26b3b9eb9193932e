//! Two threads failing syscalls at once through dispatch: the global error log loses nothing
//! silently — entries kept + entries overwritten = entries logged.

use sysgate::error::{LOG_CAPACITY, handler};
use sysgate::{Errno, dispatch, syscall};

/// Always fails.
#[syscall(nr = 540, category = "ipc")]
fn busy(thread: u32, i: u32) -> Result<(), Errno> {
    let _ = (thread, i);
    Err(Errno::EBUSY)
}

const PER_THREAD: u32 = 50_000;

#[test]
fn two_threads_lose_nothing_silently() {
    std::thread::scope(|s| {
        for t in 0..2 {
            s.spawn(move || {
                for i in 0..PER_THREAD as usize {
                    assert_eq!(dispatch(540, [t, i, 0, 0, 0, 0]), Errno::EBUSY.to_ret());
                }
            });
        }
    });
    let log = handler().log();
    let kept = log.kept() as u64;
    println!(
        "logged {}, kept {kept}, overwritten {}",
        log.logged(),
        log.overwritten()
    );
    assert_eq!(log.logged(), 2 * u64::from(PER_THREAD));
    assert_eq!(kept, LOG_CAPACITY as u64);
    assert_eq!(kept + log.overwritten(), log.logged());
    assert_eq!(handler().stats().failed(540), log.logged());

    // The newest entries are kept: all come from the last stretch of their thread, but for
    // at most one per thread whose writer was preempted mid-write and finished late.
    let mut old = 0;
    log.for_each(|c| {
        assert_eq!((c.nr, c.errno), (Some(540), Errno::EBUSY));
        old += usize::from(c.args[1] < PER_THREAD as usize - 2 * LOG_CAPACITY);
    });
    assert!(old <= 2, "{old} old entries kept");
}
