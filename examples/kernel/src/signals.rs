//! Signals of the user program: dispositions set with `rt_sigaction` (per process), a pending
//! set and a blocked mask per thread ([`ThreadSignals`], in the scheduler's thread record)
//! filled by `kill` (the calling thread) and `tkill` (any user thread, woken if it waits), and
//! delivery on the way back to user mode, where sysgate decides the restart of an interrupted
//! call, builds the signal frame and checks the one `rt_sigreturn` hands back.

use core::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

use sysgate::signal::restart::{self, Disposition};
use sysgate::signal::{Delivery, Forged};
use sysgate::thread::Work;
use sysgate::{Errno, Pod, UserPtr, syscall};

use crate::arch::{self, UserExit};
use crate::services::USER_PID;

/// `SIGALRM`: what [`alarm`] raises.
const SIGALRM: u32 = 14;
/// `SIGKILL`: cannot be caught.
const SIGKILL: u32 = 9;
/// `SIGSEGV`: what a thread whose signal frame cannot be built or restored dies of.
pub const SIGSEGV: u8 = 11;
/// `SIGSTOP`: cannot be caught.
const SIGSTOP: u32 = 19;
/// Signals are `1..SIGNALS`.
const SIGNALS: u32 = 32;

/// `sa_handler` values that are not addresses.
const SIG_DFL: u64 = 0;
const SIG_IGN: u64 = 1;
/// `sa_flags`: restart calls the handler interrupted.
const SA_RESTART: u64 = 0x1000_0000;
/// `restart_syscall`, x86_64's number (this kernel uses it on every architecture).
const RESTART_SYSCALL: usize = 219;

/// Linux's `struct kernel_sigaction` as x86_64 lays it out.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SigAction {
    handler: u64,
    flags: u64,
    restorer: u64,
    mask: u64,
}

// SAFETY: four integers, no padding; every bit pattern is a value.
unsafe impl Pod for SigAction {}

/// One signal's disposition.
struct Slot {
    handler: AtomicU64,
    flags: AtomicU64,
    restorer: AtomicU64,
    mask: AtomicU64,
}

static ACTIONS: [Slot; SIGNALS as usize] = [const {
    Slot {
        handler: AtomicU64::new(SIG_DFL),
        flags: AtomicU64::new(0),
        restorer: AtomicU64::new(0),
        mask: AtomicU64::new(0),
    }
}; SIGNALS as usize];

/// The work bit that asks for `rt_sigreturn`'s restore on the way out of that call.
pub const SIGRETURN: Work = Work::kernel(1);
/// The work bit of a call that returns a restart errno: its restart is decided on the way out,
/// once, by the signal that interrupted it ([`restarting`]).
pub const RESTART: Work = Work::kernel(2);
/// Every work bit [`exit_to_user`] acts on.
pub const WORK: Work = Work::SIGNAL.union(SIGRETURN).union(RESTART);

/// One thread's signals.
pub struct ThreadSignals {
    /// Bit `n`: signal `n` is pending. Setting one raises [`Work::SIGNAL`] on the thread, so a
    /// return to user mode with nothing pending checks nothing of this.
    work: AtomicU64,
    /// Bit `n`: signal `n` is blocked (written by the thread only).
    blocked: AtomicU64,
    /// Handlers entered and not yet returned from.
    handlers: AtomicU32,
}

impl ThreadSignals {
    /// No signal pending, blocked or being handled.
    pub const fn new() -> ThreadSignals {
        ThreadSignals {
            work: AtomicU64::new(0),
            blocked: AtomicU64::new(0),
            handlers: AtomicU32::new(0),
        }
    }

    /// Whether a signal is pending and not blocked.
    fn pending(&self) -> bool {
        self.work.load(Relaxed) & !self.blocked.load(Relaxed) != 0
    }
}

/// The current thread's signals.
fn mine() -> &'static ThreadSignals {
    crate::sched::signals()
}

/// Raises `work` on the current thread: its return to user mode acts on it ([`exit_to_user`]).
fn raise(work: Work) {
    if let Some(thread) = sysgate::thread::current() {
        thread.raise(work);
    }
}

/// Makes signal `signo` pending for the current thread.
fn post(signo: u32) {
    mine().work.fetch_or(1 << signo, Relaxed);
    raise(Work::SIGNAL);
}

/// `errno` (a restart errno) for a call a pending signal interrupted: its restart is decided on
/// the way out, by that signal's disposition.
pub fn restarting(errno: Errno) -> Errno {
    raise(RESTART);
    errno
}

/// When the armed alarm fires, in [`arch::cycles`] ticks; 0 for none.
static ALARM_AT: AtomicU64 = AtomicU64::new(0);

/// Set the disposition of signal `signo` from `act`.
#[syscall(nr = 13, category = "process")]
fn rt_sigaction(signo: u32, act: UserPtr<SigAction>) -> Result<(), Errno> {
    if signo == 0 || signo >= SIGNALS || signo == SIGKILL || signo == SIGSTOP {
        return Err(Errno::EINVAL);
    }
    let act = act.read()?;
    let slot = &ACTIONS[signo as usize];
    slot.handler.store(act.handler, Relaxed);
    slot.flags.store(act.flags, Relaxed);
    slot.restorer.store(act.restorer, Relaxed);
    slot.mask.store(act.mask, Relaxed);
    Ok(())
}

/// `how` for [`rt_sigprocmask`]: add the set to the blocked signals, remove it, or replace them.
const SIG_BLOCK: u32 = 0;
const SIG_UNBLOCK: u32 = 1;
const SIG_SETMASK: u32 = 2;

/// Change the blocked signals by `how` with the set at `set`; returns the previous mask (this
/// kernel's simplification of Linux's `oldset` pointer). `SIGKILL` and `SIGSTOP` stay
/// unblocked. A signal that becomes unblocked while pending is delivered on the return.
#[syscall(nr = 14, category = "process")]
fn rt_sigprocmask(how: u32, set: UserPtr<u64>) -> Result<u64, Errno> {
    let set = set.read()? & !(1 << SIGKILL | 1 << SIGSTOP) & ((1 << SIGNALS) - 1);
    let blocked = &mine().blocked;
    let old = blocked.load(Relaxed);
    let new = match how {
        SIG_BLOCK => old | set,
        SIG_UNBLOCK => old & !set,
        SIG_SETMASK => set,
        _ => return Err(Errno::EINVAL),
    };
    blocked.store(new, Relaxed);
    if mine().pending() {
        raise(Work::SIGNAL);
    }
    Ok(old)
}

/// Send signal `signo` to process `pid` (0 probes only); the calling thread takes it.
#[syscall(nr = 62, category = "process")]
fn kill(pid: u32, signo: u32) -> Result<(), Errno> {
    if pid != USER_PID {
        return Err(Errno::ESRCH);
    }
    if signo >= SIGNALS {
        return Err(Errno::EINVAL);
    }
    if signo != 0 {
        post(signo);
    }
    Ok(())
}

/// The calling thread's number (the scheduler's), for `tkill`.
#[syscall(nr = 186, category = "process")]
fn gettid() -> usize {
    crate::sched::current_id()
}

/// Send signal `signo` to user thread `tid` (0 probes only): it is pending there, the thread's
/// work word says so ([`sysgate::thread::Work::SIGNAL`]), and a wait it is blocked in ends
/// (the call returns a restart errno, decided on its way out).
#[syscall(nr = 200, category = "process")]
fn tkill(tid: usize, signo: u32) -> Result<(), Errno> {
    if signo >= SIGNALS {
        return Err(Errno::EINVAL);
    }
    let target = crate::sched::user_signals(tid).ok_or(Errno::ESRCH)?;
    if signo != 0 {
        target.work.fetch_or(1 << signo, Relaxed);
        crate::sched::interrupt(tid);
    }
    Ok(())
}

/// Return from a signal handler: the context saved in the signal frame on the user stack is
/// checked and restored on the way out. Outside a handler there is no frame to return
/// through, and the process is terminated.
#[syscall(nr = 15, category = "process", recovery = "terminate")]
fn rt_sigreturn() -> Result<(), Errno> {
    let mine = mine();
    if mine.handlers.load(Relaxed) == 0 {
        return Err(Errno::EFAULT);
    }
    raise(SIGRETURN);
    Ok(())
}

/// Raise `SIGALRM` in `us` microseconds (0 cancels).
#[syscall(nr = 37, category = "time")]
fn alarm(us: u32) {
    let at = match us {
        0 => 0,
        us => arch::cycles().saturating_add(u64::from(us) * 1000),
    };
    ALARM_AT.store(at, Relaxed);
}

/// For a handler that waits: whether a signal now interrupts the wait. The programs that use
/// signals run without a timer (the timers tick only during CPU bring-up and the threads'
/// run), so their waits poll ([`crate::sched::wait`]) and a due alarm fires here.
pub fn interrupted() -> bool {
    let at = ALARM_AT.load(Relaxed);
    if at != 0 && arch::cycles() >= at {
        ALARM_AT.store(0, Relaxed);
        post(SIGALRM);
    }
    pending()
}

/// Whether an alarm is armed (something will end a wait).
pub fn alarm_armed() -> bool {
    ALARM_AT.load(Relaxed) != 0
}

/// Whether a signal is pending for the current thread and not blocked: its next return to
/// user mode delivers it.
pub fn pending() -> bool {
    mine().pending()
}

/// The lowest signal pending for `mine` that is not blocked.
fn deliverable(mine: &ThreadSignals) -> Option<u32> {
    let ready = mine.work.load(Relaxed) & !mine.blocked.load(Relaxed);
    (ready != 0).then(|| ready.trailing_zeros())
}

/// Ends the user program: killed by `signo`.
fn kill_thread(signo: u8, why: core::fmt::Arguments<'_>) -> ! {
    crate::println!("killing the user program with signal {signo}: {why}");
    arch::end_user(UserExit::Killed { signo })
}

/// The signal part of the current thread's exit work, with the bits of [`WORK`] it was
/// raised: `rt_sigreturn`'s restore ([`SIGRETURN`]), the restart decision of a call a signal
/// interrupted ([`RESTART`]), then the delivery of the next signal. Runs only when one of them
/// was raised, so a return with nothing pending pays nothing here.
pub fn exit_to_user(frame: &mut arch::Frame, work: Work) {
    let mine = mine();
    let returning = work.contains(SIGRETURN);
    if returning {
        mine.handlers.fetch_sub(1, Relaxed);
        match arch::sigreturn(frame, &arch::USER_REGION) {
            Ok(mask) => mine.blocked.store(mask, Relaxed),
            Err(forged) => refuse(forged),
        }
    }
    let next = deliverable(mine);
    let slot = next.map(|signo| &ACTIONS[signo as usize]);
    let handler = slot.map_or(SIG_DFL, |s| s.handler.load(Relaxed));
    let disposition = match slot {
        Some(s) if handler > SIG_IGN => Disposition::Handler {
            restart: s.flags.load(Relaxed) & SA_RESTART != 0,
        },
        _ => Disposition::NoHandler,
    };
    // A restored context was decided before its handler ran.
    if work.contains(RESTART) && !returning {
        restart::finish(frame, disposition, RESTART_SYSCALL);
    }
    let (Some(signo), Some(slot)) = (next, slot) else {
        return;
    };
    mine.work.fetch_and(!(1 << signo), Relaxed);
    match handler {
        SIG_IGN => {}
        SIG_DFL => kill_thread(signo as u8, format_args!("default action")),
        _ => {
            let delivery = Delivery {
                signo: u64::from(signo),
                handler,
                restorer: slot.restorer.load(Relaxed),
                saved_mask: mine.blocked.load(Relaxed),
            };
            if let Err(e) = arch::enter_handler(frame, &delivery, &arch::USER_REGION) {
                kill_thread(SIGSEGV, format_args!("no room for a signal frame ({e:?})"));
            }
            mine.blocked
                .fetch_or(slot.mask.load(Relaxed) | 1 << signo, Relaxed);
            mine.handlers.fetch_add(1, Relaxed);
        }
    }
    // The next one, if any, is delivered on top of this one before the thread runs.
    if deliverable(mine).is_some() {
        raise(Work::SIGNAL);
    }
}

/// `rt_sigreturn` was handed a frame it must not restore: the thread dies of `SIGSEGV`.
fn refuse(forged: Forged) -> ! {
    kill_thread(
        SIGSEGV,
        format_args!("rt_sigreturn refused a forged frame: {forged:?}"),
    )
}

/// Forgets every disposition, and the current thread's pending signals and mask: each run of
/// the user program starts with none.
pub fn reset() {
    for slot in &ACTIONS {
        slot.handler.store(SIG_DFL, Relaxed);
        slot.flags.store(0, Relaxed);
    }
    let mine = mine();
    mine.work.store(0, Relaxed);
    mine.blocked.store(0, Relaxed);
    mine.handlers.store(0, Relaxed);
    ALARM_AT.store(0, Relaxed);
}
