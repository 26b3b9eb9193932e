//! User threads on every CPU at once, under the scheduler ([`crate::sched`]): the user
//! program's thread mode ([`Mode::Thread`]) gives each thread a role — a blocking pipe read
//! and its writer on another CPU, a sleep and a thread beside it, a thread spinning in user
//! mode and one beside it, a handler that blocks and a thread beside it, a pledge and a thread
//! on another CPU that needs what it gave up, an escalated retry that blocks and a thread
//! beside it probing for the privilege, syscalls with a zero stack pointer, a thread that
//! faults, and a thread blocked in a read and a sleep that one on another CPU signals
//! (`tkill`). The threads report their checks themselves (syscall `check`); afterwards the kernel
//! checks how each ended and that the statistics counted exactly the calls they made.
//!
//! The syscalls here exist for those roles: a pipe whose read blocks, a handler that blocks
//! in the middle, an escalated call that blocks, a probe of the escalation flag, and the
//! report of a thread's own call counts.

use core::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use sysgate::{Category, Errno, UserSlice, UserSliceMut, syscall};

use crate::arch::{self, UserExit};
use crate::sched::{self, lock::SpinLock};
use crate::smp::{self, MAX_CPUS};
use crate::{Mode, check, println, signals};

/// The roles, in the user program's order; a thread with role `r` runs on CPU `r % CPUs`
/// unless its role says otherwise ([`placement`]).
const ROLES: usize = 16;
/// The role that faults on purpose.
const FAULTER: usize = 13;

const _: () = assert!(ROLES <= sched::MAX_USER_THREADS);

/// The CPU of role `role` when `cpus` are online: pairs that must share a CPU do, pairs that
/// must not do not (with two CPUs or more).
fn placement(role: usize, cpus: usize) -> usize {
    // reader, writer, sleeper, its neighbour, spinner, its neighbour, blocker, its neighbour,
    // pledger, time user, escalated, its prober, zero sp, faulter, signalled, its signaller.
    const CPU: [usize; ROLES] = [1, 2, 3, 3, 1, 1, 2, 2, 0, 1, 3, 3, 0, 2, 1, 2];
    CPU[role] % cpus
}

/// Bytes of user stack per thread, below the end of user memory.
const USER_STACK: usize = 32 * 1024;

/// Numbers below this are counted per syscall in the threads' reports.
const COUNTED: usize = 1024;

/// Calls the threads reported making, per syscall number.
static REPORTED: [AtomicU64; COUNTED] = [const { AtomicU64::new(0) }; COUNTED];

/// Bytes the blocking pipe holds at most.
const PIPE_CAPACITY: usize = 64;

/// The blocking pipe: its bytes and how many.
static PIPE: SpinLock<([u8; PIPE_CAPACITY], usize)> = SpinLock::new(([0; PIPE_CAPACITY], 0));
/// What a reader of the empty pipe waits on.
static PIPE_KEY: u8 = 0;

/// Read what the pipe holds, blocking while it is empty. A signal for the thread ends the
/// wait with `ERESTARTSYS` (restarted if its handler has `SA_RESTART`, `EINTR` if not).
#[syscall(nr = 530, category = "ipc")]
fn thread_pipe_read(buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    let mut bytes = [0u8; PIPE_CAPACITY];
    loop {
        let n = {
            let mut pipe = PIPE.lock();
            let (data, len) = &mut *pipe;
            let n = (*len).min(buf.len());
            bytes[..n].copy_from_slice(&data[..n]);
            data.copy_within(n..*len, 0);
            *len -= n;
            n
        };
        if n > 0 || buf.is_empty() {
            return buf.write_from(&bytes[..n]);
        }
        if signals::pending() {
            return Err(signals::restarting(Errno::ERESTARTSYS));
        }
        sched::wait(sched::key(&PIPE_KEY), u64::MAX, || {
            PIPE.lock().1 > 0 || signals::pending()
        });
    }
}

/// Write up to 64 bytes into the pipe and wake its readers; `EAGAIN` when it is full.
#[syscall(nr = 531, category = "ipc")]
fn thread_pipe_write(data: UserSlice<u8>) -> Result<usize, Errno> {
    let mut bytes = [0u8; PIPE_CAPACITY];
    let n = data.read_into(&mut bytes[..data.len().min(PIPE_CAPACITY)])?;
    let written = {
        let mut pipe = PIPE.lock();
        let (buffer, len) = &mut *pipe;
        let written = n.min(PIPE_CAPACITY - *len);
        buffer[*len..*len + written].copy_from_slice(&bytes[..written]);
        *len += written;
        written
    };
    if written == 0 && n > 0 {
        return Err(Errno::EAGAIN);
    }
    sched::wake(sched::key(&PIPE_KEY));
    Ok(written)
}

/// Nanoseconds per millisecond, for deadlines on [`arch::now_ns`].
const PER_MS: u64 = 1_000_000;

/// Block `ms` milliseconds in the middle of the handler, with `seed`-derived values on this
/// thread's kernel stack; returns `seed` with its bits flipped if they are intact afterwards
/// (`EIO` if not).
#[syscall(nr = 532, category = "system")]
fn blocking_check(seed: u64, ms: u32) -> Result<u64, Errno> {
    let values: [u64; 32] = core::array::from_fn(|i| stack_value(seed, i));
    let values = core::hint::black_box(values);
    sched::sleep_until(arch::now_ns() + u64::from(ms) * PER_MS);
    let intact = (0..32).all(|i| values[i] == stack_value(seed, i));
    if intact { Ok(!seed) } else { Err(Errno::EIO) }
}

/// The `i`th value [`blocking_check`] keeps on its stack for `seed`.
fn stack_value(seed: u64, i: usize) -> u64 {
    seed.rotate_left(i as u32) ^ ((i as u64) * 0x9e37_79b9)
}

/// The number of [`escalated_sleep`], which the kernel lets the user program escalate.
pub const ESCALATED_SLEEP: usize = 533;

/// Set while an escalated `escalated_sleep` sleeps.
static ESCALATED_ASLEEP: AtomicBool = AtomicBool::new(false);

/// Privileged: sleep `ms` milliseconds with elevated privilege (granted by escalation); 1 if the
/// privilege was still this thread's after the sleep.
#[syscall(nr = 533, category = "system", recovery = "escalate")]
fn escalated_sleep(ms: u32) -> Result<usize, Errno> {
    if !sysgate::recovery::escalated() {
        return Err(Errno::EPERM);
    }
    ESCALATED_ASLEEP.store(true, Relaxed);
    sched::sleep_until(arch::now_ns() + u64::from(ms) * PER_MS);
    ESCALATED_ASLEEP.store(false, Relaxed);
    Ok(usize::from(sysgate::recovery::escalated()))
}

/// Bit 0: whether the caller runs escalated; bit 1: whether an escalated `escalated_sleep`
/// sleeps now.
#[syscall(nr = 534, category = "system")]
fn escalation_probe() -> usize {
    usize::from(sysgate::recovery::escalated()) | (usize::from(ESCALATED_ASLEEP.load(Relaxed)) << 1)
}

/// Nanoseconds since boot on the clock the kernel sleeps on ([`arch::now_ns`]).
#[syscall(nr = 536, category = "time")]
fn monotonic_ns() -> u64 {
    arch::now_ns()
}

/// Report the calling thread's syscalls: `counts` holds one little-endian `u32` per number
/// below 1024, the calls it made (this one included).
#[syscall(nr = 535, category = "system")]
fn thread_calls(counts: UserSlice<u8>) -> Result<usize, Errno> {
    if counts.len() != COUNTED * 4 {
        return Err(Errno::EINVAL);
    }
    let mut chunk = [0u8; 256];
    for (index, start) in (0..counts.len()).step_by(chunk.len()).enumerate() {
        UserSlice::<u8>::new(counts.addr() + start, chunk.len())?.read_into(&mut chunk)?;
        for (i, word) in chunk.chunks_exact(4).enumerate() {
            let n = u32::from_le_bytes(word.try_into().expect("four bytes"));
            REPORTED[index * chunk.len() / 4 + i].fetch_add(u64::from(n), Relaxed);
        }
    }
    Ok(COUNTED)
}

/// Each syscall's calls before the threads ran.
static BEFORE: [AtomicU64; COUNTED] = [const { AtomicU64::new(0) }; COUNTED];
/// Each CPU's calls before the threads ran, over every syscall.
static BEFORE_CPU: [AtomicU64; MAX_CPUS] = [const { AtomicU64::new(0) }; MAX_CPUS];

/// Every syscall's calls (per number) and every CPU's (over all syscalls), into `per_nr` and
/// `per_cpu`.
fn snapshot(per_nr: &[AtomicU64; COUNTED], per_cpu: &[AtomicU64; MAX_CPUS]) {
    for d in sysgate::table::table().iter() {
        if d.nr < COUNTED {
            per_nr[d.nr].store(d.stats.calls(), Relaxed);
        }
    }
    for (cpu, slot) in per_cpu.iter().enumerate() {
        let calls = sysgate::table::table()
            .iter()
            .map(|d| d.stats.calls_on(cpu))
            .sum();
        slot.store(calls, Relaxed);
    }
}

/// Runs the user threads on every online CPU at once and checks how they ended and what the
/// statistics counted; with fewer than two CPUs online, says that the checks are not run.
pub fn run(entry: usize, cpus: usize) {
    println!("\n== threads");
    if cpus < 2 {
        println!("threads: NOT RUN: {cpus} CPU online, the thread checks need at least 2");
        return;
    }
    snapshot(&BEFORE, &BEFORE_CPU);
    let denied = sysgate::policy::denied(Category::Time);
    smp::work::start_scheduling();
    let ids: [Option<usize>; ROLES] = core::array::from_fn(|role| {
        let sp = arch::USER_REGION.end - role * USER_STACK;
        sched::spawn(
            placement(role, cpus),
            entry,
            sp,
            [Mode::Thread as usize, role, ROLES],
        )
    });
    let exits = |ids: &[Option<usize>; ROLES]| -> [Option<UserExit>; ROLES] {
        core::array::from_fn(|role| ids[role].and_then(sched::exit_of))
    };
    sched::run(|| exits(&ids).iter().flatten().count() == ids.iter().flatten().count());
    smp::work::stop_scheduling();
    let exits = exits(&ids);
    let clean = (0..ROLES)
        .filter(|&r| r != FAULTER && exits[r] == Some(UserExit::Exited(0)))
        .count();
    check(
        "threads: user threads ran at once on every CPU",
        ids.iter().all(Option::is_some),
        format_args!("{ROLES} threads on {cpus} CPUs"),
    );
    check(
        "threads: a fault in one user thread ends only that thread",
        matches!(exits[FAULTER], Some(UserExit::Fault { .. })) && clean == ROLES - 1,
        format_args!(
            "faulting thread {:x?}, {clean} of {} others exited with 0 failures",
            exits[FAULTER],
            ROLES - 1
        ),
    );
    counts_match(cpus, sysgate::policy::denied(Category::Time) - denied);
}

/// The statistics counted exactly the calls the threads reported, on every CPU, and the policy
/// the one call it refused (the pledging thread's `uptime()`: `denied` of the category).
fn counts_match(cpus: usize, denied: u64) {
    static AFTER: [AtomicU64; COUNTED] = [const { AtomicU64::new(0) }; COUNTED];
    static AFTER_CPU: [AtomicU64; MAX_CPUS] = [const { AtomicU64::new(0) }; MAX_CPUS];
    snapshot(&AFTER, &AFTER_CPU);
    let (mut calls, mut syscalls, mut wrong) = (0, 0, 0);
    for nr in 0..COUNTED {
        let counted = AFTER[nr].load(Relaxed) - BEFORE[nr].load(Relaxed);
        let made = REPORTED[nr].load(Relaxed);
        if counted != made {
            wrong += 1;
            println!("threads: syscall {nr}: {counted} counted, {made} made");
        }
        calls += made;
        syscalls += usize::from(made > 0);
    }
    check(
        "threads: per-syscall counts equal exactly the calls the threads made, summed over CPUs",
        wrong == 0 && calls > 0 && denied == 1,
        format_args!(
            "{calls} calls to {syscalls} syscalls, {wrong} counts differ; {denied} call refused by a pledge"
        ),
    );
    let per_cpu: [u64; MAX_CPUS] =
        core::array::from_fn(|cpu| AFTER_CPU[cpu].load(Relaxed) - BEFORE_CPU[cpu].load(Relaxed));
    check(
        "threads: every CPU ran thread syscalls",
        per_cpu[..cpus].iter().all(|&n| n > 0) && per_cpu.iter().sum::<u64>() == calls,
        format_args!("calls per CPU {:?}", &per_cpu[..cpus]),
    );
}
