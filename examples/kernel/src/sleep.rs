//! `nanosleep` and `restart_syscall`: a sleep a signal interrupts, and its transparent restart
//! with the remaining time when no handler runs (Linux's `ERESTART_RESTARTBLOCK`).

use core::sync::atomic::Ordering::Relaxed;

use sysgate::{Errno, syscall};

use crate::{arch, sched, signals};

/// What a sleeping thread waits on (only its deadline or a signal ends the wait).
static SLEEP_KEY: u8 = 0;

/// Waits until `deadline` — blocked on the timer where the scheduler runs, polling elsewhere
/// ([`sched::wait`]) — or until a signal interrupts: then the deadline is kept in the
/// thread's restart block for `restart_syscall` and the call returns `ERESTART_RESTARTBLOCK`, which becomes `EINTR` if a
/// handler runs and a restart with the remaining time if none does.
fn sleep_until(deadline: u64) -> Result<(), Errno> {
    if sched::wait(sched::key(&SLEEP_KEY), deadline, signals::interrupted) {
        sched::restart_deadline().store(deadline, Relaxed);
        return Err(signals::restarting(Errno::ERESTART_RESTARTBLOCK));
    }
    Ok(())
}

/// Sleep `us` microseconds; a signal interrupts the sleep.
#[syscall(nr = 35, category = "time", recovery = "retry", retries = 1)]
fn nanosleep(us: u32) -> Result<(), Errno> {
    sleep_until(arch::now_ns().saturating_add(u64::from(us) * 1000))
}

/// Resume the sleep a signal interrupted without running a handler, until its deadline.
#[syscall(nr = 219, category = "time")]
fn restart_syscall() -> Result<(), Errno> {
    sleep_until(sched::restart_deadline().load(Relaxed))
}
