//! `sysgate::thread` on the host, where each host thread stands for a CPU: policies and
//! escalation follow the current `Thread`, not the CPU; work raised from several CPUs is taken
//! exactly once.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::SeqCst};

use sysgate::policy::{Promises, Violation};
use sysgate::recovery::escalated;
use sysgate::thread::{self, Thread, Work};
use sysgate::{Category, Errno, dispatch, host, syscall};

/// The clock; category `time`.
#[syscall(nr = 900, category = "time")]
fn uptime() -> u64 {
    42
}

/// Whether the caller runs escalated: 1 or 0.
#[syscall(nr = 901, category = "system")]
fn observe() -> u64 {
    escalated() as u64
}

/// Makes `thread` current on this host thread.
fn run_as(thread: &'static Thread) {
    // SAFETY: the host has no interrupts; each `Thread` is current on one host thread at a time.
    unsafe { thread::set_current(thread) };
}

/// A new thread that lives for the rest of the test binary.
fn new_thread() -> &'static Thread {
    Box::leak(Box::new(Thread::new()))
}

/// Promises every category but `time`.
fn pledge_away_time(thread: &Thread) {
    let promises = Promises::of(
        &Category::ALL
            .iter()
            .copied()
            .filter(|&c| c != Category::Time)
            .collect::<Vec<_>>(),
    );
    thread.policy().pledge(promises, Violation::Deny).unwrap();
}

#[test]
fn each_thread_has_its_own_policy() {
    let (a, b) = (new_thread(), new_thread());
    pledge_away_time(a);
    let barrier = &Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(move || {
            run_as(a);
            barrier.wait();
            for _ in 0..1000 {
                assert_eq!(dispatch(900, [0; 6]), Errno::EPERM.to_ret());
            }
        });
        s.spawn(move || {
            run_as(b);
            barrier.wait();
            for _ in 0..1000 {
                assert_eq!(dispatch(900, [0; 6]), 42, "B never pledged");
            }
        });
    });
    assert!(!a.policy().allows(Category::Time));
    assert!(b.policy().allows(Category::Time));
}

#[test]
fn dispatch_follows_set_current() {
    let (a, b) = (new_thread(), new_thread());
    pledge_away_time(a);
    std::thread::spawn(move || {
        assert!(thread::current().is_none());
        assert_eq!(dispatch(900, [0; 6]), 42, "no thread: the host's policy");
        for _ in 0..100 {
            run_as(a);
            assert!(std::ptr::eq(thread::current().unwrap(), a));
            assert!(std::ptr::eq(sysgate::kernel::policy(), a.policy()));
            assert_eq!(dispatch(900, [0; 6]), Errno::EPERM.to_ret());
            run_as(b);
            assert!(std::ptr::eq(sysgate::kernel::policy(), b.policy()));
            assert_eq!(dispatch(900, [0; 6]), 42);
        }
    })
    .join()
    .unwrap();
}

/// The observer threads the escalated handler switches to while it "blocks", by caller.
static BLOCKED_ON: [AtomicU64; 3] = [const { AtomicU64::new(0) }; 3];
/// Observations made from inside an escalated call, on the same host thread.
static SAME_CPU_OBSERVATIONS: AtomicU64 = AtomicU64::new(0);
/// Escalated calls that ran.
static ESCALATED_CALLS: AtomicU64 = AtomicU64::new(0);

/// Privileged: succeeds only escalated. While escalated it blocks: the "scheduler" switches this
/// CPU to another thread, which makes a syscall, then back.
#[syscall(nr = 902, category = "security", recovery = "escalate")]
fn privileged(caller: usize) -> Result<u64, Errno> {
    if !escalated() {
        return Err(Errno::EPERM);
    }
    ESCALATED_CALLS.fetch_add(1, SeqCst);
    let me = thread::current().expect("a current thread");
    assert!(me.escalated());
    // SAFETY: the pointer was stored from a leaked `&'static Thread`.
    let other: &'static Thread = unsafe { &*(BLOCKED_ON[caller].load(SeqCst) as *const Thread) };
    run_as(other);
    assert_eq!(
        dispatch(901, [0; 6]),
        0,
        "the other thread on this CPU is not escalated"
    );
    SAME_CPU_OBSERVATIONS.fetch_add(1, SeqCst);
    run_as(me);
    assert!(escalated(), "the privilege comes back with the thread");
    Ok(1)
}

/// Counts a thread out when it ends, normally or by a failed assertion.
struct Leave<'a>(&'a AtomicU64);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, SeqCst);
    }
}

#[test]
fn escalation_never_leaks_to_other_threads() {
    const ROUNDS: u64 = 2000;
    // Escalators still running; each leaves even when it fails, so a failure never hangs.
    let running = &AtomicU64::new(3);
    let seen = &AtomicU64::new(0);
    let observations = &AtomicU64::new(0);
    // Everyone starts together, so the observers run while the escalations do.
    let start = &std::sync::Barrier::new(3 + 4);
    std::thread::scope(|s| {
        for (caller, blocked_on) in BLOCKED_ON.iter().enumerate() {
            s.spawn(move || {
                let _leave = Leave(running);
                let pid = 9020 + caller as u32;
                host::set_current_pid(pid);
                host::grant_escalation(pid, 902);
                blocked_on.store(new_thread() as *const Thread as u64, SeqCst);
                run_as(new_thread());
                start.wait();
                for _ in 0..ROUNDS {
                    assert_eq!(dispatch(902, [caller, 0, 0, 0, 0, 0]), 1);
                    assert!(!escalated());
                }
            });
        }
        for _ in 0..4 {
            s.spawn(move || {
                host::set_current_pid(9030);
                run_as(new_thread());
                start.wait();
                while running.load(SeqCst) > 0 {
                    seen.fetch_add(dispatch(901, [0; 6]) as u64, SeqCst);
                    observations.fetch_add(1, SeqCst);
                }
            });
        }
    });
    assert_eq!(ESCALATED_CALLS.load(SeqCst), 3 * ROUNDS);
    assert_eq!(SAME_CPU_OBSERVATIONS.load(SeqCst), 3 * ROUNDS);
    assert!(observations.load(SeqCst) > 0, "the observers ran");
    assert_eq!(seen.load(SeqCst), 0, "no observer ever saw escalation");
}

#[test]
fn work_raised_from_four_threads_is_taken_exactly_once() {
    const RAISES: u32 = 2000;
    let target = new_thread();
    let taken: &[AtomicU32; 4] = &[const { AtomicU32::new(0) }; 4];
    let consumer = &AtomicU64::new(1);
    std::thread::scope(|s| {
        for raiser in 0..4u32 {
            s.spawn(move || {
                for k in 0..RAISES {
                    target.raise(Work::kernel(raiser));
                    // One raise at a time per bit: the next waits until this one was taken.
                    while taken[raiser as usize].load(SeqCst) == k {
                        assert_eq!(consumer.load(SeqCst), 1, "the consumer stopped");
                        std::thread::yield_now();
                    }
                    assert_eq!(taken[raiser as usize].load(SeqCst), k + 1, "taken once");
                }
            });
        }
        s.spawn(move || {
            let _leave = Leave(consumer);
            run_as(target);
            while taken.iter().any(|t| t.load(SeqCst) < RAISES) {
                thread::exit_to_user_mode(|work| {
                    assert!(!work.is_empty());
                    let mut known = Work::NONE;
                    for (bit, count) in taken.iter().enumerate() {
                        if work.contains(Work::kernel(bit as u32)) {
                            known |= Work::kernel(bit as u32);
                            assert!(
                                count.fetch_add(1, SeqCst) < RAISES,
                                "taken more than raised"
                            );
                        }
                    }
                    assert_eq!(work, known, "only the raised bits");
                });
                std::thread::yield_now();
            }
        });
    });
    for count in taken {
        assert_eq!(count.load(SeqCst), RAISES);
    }
}

#[test]
fn exit_loop_runs_until_the_word_stays_empty() {
    let t = new_thread();
    std::thread::spawn(move || {
        let mut calls = 0;
        thread::exit_to_user_mode(|_| calls += 1);
        assert_eq!(calls, 0, "no current thread, no work");
        run_as(t);
        thread::exit_to_user_mode(|_| calls += 1);
        assert_eq!(calls, 0, "no work");
        t.raise(Work::RESCHED);
        assert!(t.pending().contains(Work::RESCHED));
        let mut got = Vec::new();
        thread::exit_to_user_mode(|work| {
            got.push(work);
            assert!(got.len() <= 2, "work taken again: {got:?}");
            if work == Work::RESCHED {
                // Work raised while the loop runs (a signal during the reschedule) is taken too.
                t.raise(Work::SIGNAL);
            }
        });
        assert_eq!(got, [Work::RESCHED, Work::SIGNAL]);
        assert!(t.take().is_empty());
    })
    .join()
    .unwrap();
}

#[test]
fn work_bits_are_distinct() {
    let bits = [
        Work::RESCHED,
        Work::SIGNAL,
        Work::kernel(0),
        Work::kernel(Work::KERNEL_BITS - 1),
    ];
    for (i, a) in bits.iter().enumerate() {
        assert!(!a.is_empty());
        for (j, b) in bits.iter().enumerate() {
            assert_eq!(a.contains(*b), i == j, "{a:?} {b:?}");
        }
    }
    let both = Work::RESCHED | Work::SIGNAL;
    assert!(both.contains(Work::RESCHED) && both.contains(Work::SIGNAL));
    assert!(Work::NONE.is_empty());
}

#[test]
#[should_panic(expected = "out of range")]
fn kernel_bits_past_the_word_are_refused() {
    let _ = Work::kernel(Work::KERNEL_BITS);
}
