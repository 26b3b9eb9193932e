//! Bringing up the secondary CPUs and proving that every CPU takes timer interrupts.
//!
//! The boot CPU asks the firmware (or the local APIC) to start each further CPU on a stack of
//! its own, one at a time, and waits until it checks in. Every CPU, the boot CPU included,
//! then starts its timer and counts [`TICKS`] interrupts before stopping it again, so the
//! user-program checks and the benchmarks that follow run undisturbed. Secondary CPUs then
//! idle with interrupts masked, waiting for [`work`] the boot CPU posts (user programs, or
//! running the scheduler's threads); only the boot CPU prints outside the threads' run.

use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::arch;

pub mod work;

/// The most CPUs this kernel brings up (a build-time choice: one stack and one record each).
pub const MAX_CPUS: usize = 8;

const _: () = assert!(
    MAX_CPUS <= sysgate::cpu::MAX_CPUS,
    "sysgate must be built for as many CPUs"
);

/// Timer interrupts every CPU must take before its timer is stopped.
pub const TICKS: u64 = 3;

/// How long the boot CPU waits for one CPU to check in or to finish its ticks, in
/// [`arch::cycles`] (tens of seconds at a GHz counter rate: a loaded host runs TCG slowly).
const WAIT_CYCLES: u64 = 60_000_000_000;

/// Size of each secondary CPU's kernel stack.
pub const STACK_SIZE: usize = 64 * 1024;

/// A secondary CPU's kernel stack.
#[repr(C, align(16))]
struct Stack([u8; STACK_SIZE]);

/// The secondary CPUs' stacks, indexed by CPU number (entry 0, the boot CPU's, is unused: it
/// runs on the boot stack).
static mut STACKS: [Stack; MAX_CPUS] = [const { Stack([0; STACK_SIZE]) }; MAX_CPUS];

/// What the boot CPU learns about one CPU.
struct CpuState {
    online: AtomicBool,
    ticks: AtomicU64,
}

static CPUS: [CpuState; MAX_CPUS] = [const {
    CpuState {
        online: AtomicBool::new(false),
        ticks: AtomicU64::new(0),
    }
}; MAX_CPUS];

/// The top of CPU `index`'s kernel stack.
fn stack_top(index: usize) -> usize {
    (&raw const STACKS).cast::<Stack>().wrapping_add(index) as usize + STACK_SIZE
}

/// What [`bring_up`] found.
#[derive(Clone, Copy, Debug)]
pub struct Census {
    /// CPUs the firmware reported, the boot CPU included.
    pub present: usize,
    /// CPUs that checked in.
    pub online: usize,
    /// CPUs that took [`TICKS`] timer interrupts.
    pub ticked: usize,
}

/// Starts every further CPU, then has every online CPU take [`TICKS`] timer interrupts.
pub fn bring_up() -> Census {
    CPUS[0].online.store(true, Ordering::Release);
    let mut present = 1;
    for (index, cpu) in CPUS.iter().enumerate().skip(1) {
        if !arch::start_cpu(index, stack_top(index)) {
            continue;
        }
        present += 1;
        wait(|| cpu.online.load(Ordering::Acquire));
        if !cpu.online.load(Ordering::Acquire) {
            // A CPU that is late may still read the start parameters the next start would
            // overwrite (x86_64's trampoline takes its stack from one shared word): start no more.
            break;
        }
    }
    arch::timer_start();
    wait_for_ticks(0);
    for cpu in CPUS.iter().skip(1) {
        if cpu.online.load(Ordering::Acquire) {
            wait(|| cpu.ticks.load(Ordering::Acquire) >= TICKS);
        }
    }
    let count = |f: fn(&CpuState) -> bool| CPUS.iter().filter(|c| f(c)).count();
    Census {
        present,
        online: count(|c| c.online.load(Ordering::Acquire)),
        ticked: count(|c| c.ticks.load(Ordering::Acquire) >= TICKS),
    }
}

/// The timer interrupts CPU `index` took.
pub fn ticks(index: usize) -> u64 {
    CPUS[index].ticks.load(Ordering::Acquire)
}

/// Spins until `done` or [`WAIT_CYCLES`] pass.
fn wait(done: impl Fn() -> bool) {
    let until = arch::cycles().saturating_add(WAIT_CYCLES);
    while !done() && arch::cycles() < until {
        core::hint::spin_loop();
    }
}

/// Idles on this CPU (`index`) until its timer interrupts reach [`TICKS`].
fn wait_for_ticks(index: usize) {
    let until = arch::cycles().saturating_add(WAIT_CYCLES);
    while CPUS[index].ticks.load(Ordering::Acquire) < TICKS && arch::cycles() < until {
        arch::wait_for_interrupt();
    }
}

/// Counts a timer interrupt on CPU `index` and hands it to the scheduler; outside
/// [`crate::sched::run`] stops the timer once it has [`TICKS`]. Called by the architecture's
/// interrupt handler.
pub fn tick(index: usize) {
    let ticks = CPUS[index].ticks.fetch_add(1, Ordering::AcqRel) + 1;
    if !crate::sched::tick(index) && ticks >= TICKS {
        arch::timer_stop();
    }
}

/// Whether CPU `index` checked in.
pub fn online(index: usize) -> bool {
    CPUS[index].online.load(Ordering::Acquire)
}

/// Where a secondary CPU goes once its architecture state (traps, paging, sysgate area) is set
/// up: become a scheduler CPU, check in, take the timer interrupts, then serve the work the
/// boot CPU posts.
pub fn secondary_main(index: usize) -> ! {
    crate::sched::init_cpu(index);
    CPUS[index].online.store(true, Ordering::Release);
    arch::timer_start();
    wait_for_ticks(index);
    work::serve(index)
}
