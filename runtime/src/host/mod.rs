//! The host kernel (feature `std`): the [`Kernel`] a hosted program runs on, registered by the
//! runtime itself, so tests, benchmarks, fuzz targets and hosted examples need no setup.
//!
//! Each thread stands for a CPU running one thread of the kernel: it has its own CPU id
//! (claimed on first use, returned at exit), its own current pid ([`set_current_pid`]) and
//! its own pledge policy ([`set_policy`]) and its own pending-signal state
//! ([`set_signal_pending`]). Services are recorded, never performed: a sleep
//! moves the clock forward without blocking, a reclaim reports [`RECLAIMED_BYTES`], a
//! termination is kept; every recorded event carries the pid that caused it, so tests that run
//! on parallel threads give each its own pid and query by pid ([`events`]). The clock is real
//! nanoseconds, or a fake one that moves only when told ([`use_fake_clock`]).
//!
//! A hosted program with a kernel of its own leaves `std` off and registers it with
//! [`kernel!`](crate::kernel!).

mod clock;
mod cpu;
mod record;
mod thread;

use core::ops::Range;

pub use clock::{advance_clock, use_fake_clock, use_real_clock};
pub use record::{
    EVENTS_KEPT, Event, events, grant_escalation, reclaims, revoke_escalation, sleeps, terminations,
};
pub use thread::{set_current_pid, set_policy, set_signal_pending, set_user_range};

use crate::arch::EntryHooks;
use crate::policy::Policy;
use crate::{Errno, Kernel};

/// The bytes `reclaim_memory` reports freed.
pub const RECLAIMED_BYTES: usize = 4096;

/// The host kernel; see the [module documentation](self).
#[derive(Debug)]
pub struct Host;

impl Kernel for Host {
    /// The calling thread's id: small and unique among live threads.
    fn cpu_id() -> usize {
        cpu::id()
    }

    fn now() -> u64 {
        clock::now()
    }

    fn clock_unit() -> &'static str {
        clock::unit()
    }

    fn current_pid() -> u32 {
        thread::current_pid()
    }

    /// The current [`Thread`](crate::thread::Thread)'s policy when one is set with
    /// [`set_current`](crate::thread::set_current) on this thread, else the one set with
    /// [`set_policy`].
    fn policy() -> &'static Policy {
        match crate::thread::current() {
            Some(current) => current.policy(),
            None => thread::policy(),
        }
    }

    /// Records the wait and moves the clock forward by it; does not block.
    fn sleep_us(us: u64) {
        clock::advance_clock(us.saturating_mul(1000));
        record::push(record::Event::Sleep {
            pid: Self::current_pid(),
            us,
        });
    }

    fn reclaim_memory() -> usize {
        record::push(record::Event::Reclaim {
            pid: Self::current_pid(),
        });
        RECLAIMED_BYTES
    }

    fn terminate_process(pid: u32, errno: Errno) {
        record::push(record::Event::Terminate { pid, errno });
    }

    /// Whether a test granted it with [`grant_escalation`].
    fn may_escalate(pid: u32, nr: usize) -> bool {
        record::granted(pid, nr)
    }

    /// Whether a test said so with [`set_signal_pending`] on this thread.
    fn signal_pending() -> bool {
        thread::signal_pending()
    }

    fn user_range() -> Range<usize> {
        thread::user_range()
    }
}

impl EntryHooks for Host {}

crate::kernel!(Host);
