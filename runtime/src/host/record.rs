//! What the host kernel is told to do, kept for tests to read: waits, reclaims, terminations,
//! each with the pid that caused it (the newest [`EVENTS_KEPT`], so a long fuzz run stays in
//! bounded memory); and the escalations tests grant.

extern crate std;

use std::collections::VecDeque;
use std::sync::Mutex;
use std::vec::Vec;

use crate::Errno;

/// A kernel service the runtime asked of the host kernel.
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

impl Event {
    fn pid(&self) -> u32 {
        match *self {
            Event::Sleep { pid, .. } | Event::Reclaim { pid } | Event::Terminate { pid, .. } => pid,
        }
    }
}

/// How many events are kept: the oldest are dropped past this.
pub const EVENTS_KEPT: usize = 4096;

static EVENTS: Mutex<VecDeque<Event>> = Mutex::new(VecDeque::new());
static GRANTS: Mutex<Vec<(u32, usize)>> = Mutex::new(Vec::new());

pub(super) fn push(event: Event) {
    let mut events = EVENTS.lock().unwrap();
    if events.len() == EVENTS_KEPT {
        events.pop_front();
    }
    events.push_back(event);
}

pub(super) fn granted(pid: u32, nr: usize) -> bool {
    GRANTS.lock().unwrap().contains(&(pid, nr))
}

/// Lets `pid` escalate syscall `nr`.
pub fn grant_escalation(pid: u32, nr: usize) {
    GRANTS.lock().unwrap().push((pid, nr));
}

/// Withdraws every grant given to `pid`.
pub fn revoke_escalation(pid: u32) {
    GRANTS.lock().unwrap().retain(|g| g.0 != pid);
}

/// Every event caused by `pid` among the newest [`EVENTS_KEPT`], in order.
pub fn events(pid: u32) -> Vec<Event> {
    let events = EVENTS.lock().unwrap();
    events.iter().filter(|e| e.pid() == pid).copied().collect()
}

/// The waits requested on behalf of `pid`, in order, in microseconds.
pub fn sleeps(pid: u32) -> Vec<u64> {
    events(pid)
        .into_iter()
        .filter_map(|e| match e {
            Event::Sleep { us, .. } => Some(us),
            _ => None,
        })
        .collect()
}

/// How many times memory was reclaimed on behalf of `pid`.
pub fn reclaims(pid: u32) -> usize {
    events(pid)
        .iter()
        .filter(|e| matches!(e, Event::Reclaim { .. }))
        .count()
}

/// The errors `pid` was terminated for, in order.
pub fn terminations(pid: u32) -> Vec<Errno> {
    events(pid)
        .into_iter()
        .filter_map(|e| match e {
            Event::Terminate { errno, .. } => Some(errno),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_events() {
        const PID: u32 = 9_001;
        for us in 0..(EVENTS_KEPT + 10) as u64 {
            push(Event::Sleep { pid: PID, us });
        }
        let kept = sleeps(PID);
        assert!(kept.len() <= EVENTS_KEPT);
        assert_eq!(
            kept.last(),
            Some(&((EVENTS_KEPT + 9) as u64)),
            "the newest is kept"
        );
        assert!(!kept.contains(&0), "the oldest is dropped");
    }
}
