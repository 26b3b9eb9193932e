//! A host [`Platform`] for tests: a fake clock, recorded services, configurable capabilities.
//!
//! Tests of one binary share the installed platform and run on parallel threads, so the
//! platform keeps per-thread state where it matters: each thread has its own current pid
//! ([`TestPlatform::set_current_pid`]) and its own `cpu_id`, and every recorded event carries
//! the pid that caused it. Give each test its own pid and query by pid.

extern crate std;

use core::cell::Cell;
use core::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;
use std::vec::Vec;

use super::Platform;
use crate::Errno;

/// A kernel service the runtime asked of the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// `sleep_us(us)` on behalf of `pid`.
    Sleep {
        /// The caller.
        pid: u32,
        /// The requested wait.
        us: u64,
    },
    /// `reclaim_memory()` on behalf of `pid`.
    Reclaim {
        /// The caller.
        pid: u32,
    },
    /// `terminate_process(pid, errno)`.
    Terminate {
        /// The process to terminate.
        pid: u32,
        /// The error that caused it.
        errno: Errno,
    },
}

/// The test platform; install it with [`TestPlatform::install`].
#[derive(Debug)]
pub struct TestPlatform {
    clock_ns: AtomicU64,
    events: Mutex<Vec<Event>>,
    grants: Mutex<Vec<(u32, usize)>>,
}

/// The bytes `reclaim_memory` reports freed.
pub const RECLAIMED_BYTES: usize = 4096;

static PLATFORM: TestPlatform = TestPlatform {
    clock_ns: AtomicU64::new(0),
    events: Mutex::new(Vec::new()),
    grants: Mutex::new(Vec::new()),
};

static NEXT_CPU: AtomicUsize = AtomicUsize::new(0);

std::thread_local! {
    static PID: Cell<u32> = const { Cell::new(1) };
    static CPU: usize = NEXT_CPU.fetch_add(1, Relaxed);
}

impl TestPlatform {
    /// Installs the test platform (once per process) and returns it.
    ///
    /// # Panics
    /// If another platform was installed first.
    pub fn install() -> &'static TestPlatform {
        super::install(&PLATFORM);
        let installed = super::get() as *const dyn Platform as *const ();
        assert!(
            core::ptr::eq(installed, &PLATFORM as *const TestPlatform as *const ()),
            "another platform is installed"
        );
        &PLATFORM
    }

    /// Makes `pid` the current pid of the calling thread (1 until set).
    pub fn set_current_pid(pid: u32) {
        PID.with(|p| p.set(pid));
    }

    /// Lets `pid` escalate syscall `nr`.
    pub fn grant_escalation(&self, pid: u32, nr: usize) {
        self.grants.lock().unwrap().push((pid, nr));
    }

    /// Withdraws every grant given to `pid`.
    pub fn revoke_escalation(&self, pid: u32) {
        self.grants.lock().unwrap().retain(|g| g.0 != pid);
    }

    /// Every event caused by `pid`, in order.
    pub fn events(&self, pid: u32) -> Vec<Event> {
        let events = self.events.lock().unwrap();
        events
            .iter()
            .filter(|e| match **e {
                Event::Sleep { pid: p, .. }
                | Event::Reclaim { pid: p }
                | Event::Terminate { pid: p, .. } => p == pid,
            })
            .copied()
            .collect()
    }

    /// The waits requested on behalf of `pid`, in order, in microseconds.
    pub fn sleeps(&self, pid: u32) -> Vec<u64> {
        self.events(pid)
            .into_iter()
            .filter_map(|e| match e {
                Event::Sleep { us, .. } => Some(us),
                _ => None,
            })
            .collect()
    }

    /// How many times memory was reclaimed on behalf of `pid`.
    pub fn reclaims(&self, pid: u32) -> usize {
        self.events(pid)
            .iter()
            .filter(|e| matches!(e, Event::Reclaim { .. }))
            .count()
    }

    /// The errors `pid` was terminated for, in order.
    pub fn terminations(&self, pid: u32) -> Vec<Errno> {
        self.events(pid)
            .into_iter()
            .filter_map(|e| match e {
                Event::Terminate { errno, .. } => Some(errno),
                _ => None,
            })
            .collect()
    }

    /// Moves the fake clock forward by `ns`.
    pub fn advance_ns(&self, ns: u64) {
        self.clock_ns.fetch_add(ns, Relaxed);
    }

    fn push(&self, event: Event) {
        self.events.lock().unwrap().push(event);
    }
}

impl Platform for TestPlatform {
    fn current_pid(&self) -> u32 {
        PID.with(Cell::get)
    }

    /// The fake clock: moves only by [`TestPlatform::advance_ns`] and `sleep_us`.
    fn now_ns(&self) -> u64 {
        self.clock_ns.load(Relaxed)
    }

    /// Records the wait and moves the fake clock forward by it; does not block.
    fn sleep_us(&self, us: u64) {
        self.advance_ns(us * 1000);
        self.push(Event::Sleep {
            pid: self.current_pid(),
            us,
        });
    }

    fn reclaim_memory(&self) -> usize {
        self.push(Event::Reclaim {
            pid: self.current_pid(),
        });
        RECLAIMED_BYTES
    }

    fn terminate_process(&self, pid: u32, errno: Errno) {
        self.push(Event::Terminate { pid, errno });
    }

    fn cpu_id(&self) -> usize {
        CPU.with(|c| *c)
    }

    fn may_escalate(&self, pid: u32, nr: usize) -> bool {
        self.grants.lock().unwrap().contains(&(pid, nr))
    }
}
