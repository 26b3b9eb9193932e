//! The runtime's part of a kernel thread: its pledge policy, its work word and its escalation
//! flag, reached from the per-CPU area in one load.
//!
//! A kernel embeds one [`Thread`] in each of its thread records and calls [`set_current`] at
//! every context switch (x86_64 also [`set_kernel_stack`](crate::cpu) with the thread's own
//! kernel stack). From then on:
//! - dispatch checks the current thread's [`policy`](Thread::policy) (the default
//!   [`Kernel::policy`](crate::Kernel::policy)), so a switch on one CPU never changes what
//!   another checks, and a pledge made by one thread binds that thread only;
//! - [`recovery::escalated`](crate::recovery::escalated) reads the current thread's flag, so an
//!   escalated retry that blocks is invisible to every other thread, on any CPU;
//! - any CPU or interrupt handler may [`raise`](Thread::raise) work on a thread
//!   ([`Work::RESCHED`], [`Work::SIGNAL`], the kernel's own bits); the return to user mode runs
//!   [`exit_to_user_mode`]'s loop, which hands it to the kernel
//!   (`EntryHooks::exit_to_user` after every syscall, and on AArch64 and RISC-V after every
//!   trap from user mode; an x86_64 kernel calls [`exit_to_user_mode`] from its own interrupt
//!   return path, since it owns the IDT).
//!
//! # What a handler may do
//! - **Block**: a handler may wait (on a pipe, a timer, a lock) and let the scheduler switch
//!   to another thread in the middle of it; the syscall finishes on its own kernel stack when
//!   the thread runs again. Nothing sysgate keeps for the call lives outside that stack and the
//!   thread: the policy, the escalation flag and the work word travel with the thread.
//! - **Be preempted**: handlers run with interrupts enabled (see below), so an interrupt may
//!   raise [`Work::RESCHED`]; a preemptive scheduler may also switch in the interrupt itself.
//! - **Be migrated**: a thread that blocks on one CPU may resume on another.
//!
//! # Interrupts
//! Every entry masks interrupts while it saves the frame and switches stacks. Before dispatch it
//! enables them again when the interrupted user context ran with them enabled — x86_64
//! `RFLAGS.IF`, AArch64 `SPSR_EL1.I` clear, RISC-V `sstatus.SPIE` — so the kernel opts in per
//! user context: one that enters user mode with interrupts masked (early boot, before its
//! interrupt controller and vectors are ready) keeps them masked in its handlers too. The cargo
//! feature `masked-handlers` keeps them masked in every handler. After dispatch the entry masks
//! them, runs the exit loop, and returns to user mode with them masked until the return
//! instruction restores the user's state.
//!
//! # Statistics
//! Per-syscall call counters are sharded per CPU ([`crate::perf`], keyed by
//! [`Kernel::cpu_id`](crate::Kernel::cpu_id)), not per thread. An update is a few instructions
//! at the end of the call with no blocking point inside, and an interrupt never runs a syscall,
//! so no other update of the same shard can come between its load and its store: a scheduler
//! switches threads only at a blocking point or on the return to user mode, never inside the
//! update, even when the thread migrates between the start and the end of the call.

use core::fmt;
use core::ops::{BitOr, BitOrAssign};
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};

use crate::arch;
use crate::policy::Policy;
use crate::table::{self, SyscallTable, Table};

/// What the runtime keeps per kernel thread; see the [module documentation](self).
pub struct Thread {
    policy: Policy,
    /// The work word; an entry may check it in assembly (one 32-bit load at its offset).
    pub(crate) work: AtomicU32,
    escalated: AtomicBool,
    /// The dispatch array of the thread's table (its personality): the placeholder until its
    /// first syscall or [`Thread::select`]. Written by the thread itself, or by the kernel
    /// before the thread runs, so a relaxed load suffices.
    table: AtomicPtr<Table>,
}

impl Thread {
    /// A thread with every category allowed, no work pending and no escalation.
    pub const fn new() -> Thread {
        Thread {
            policy: Policy::new(),
            work: AtomicU32::new(0),
            escalated: AtomicBool::new(false),
            table: AtomicPtr::new(table::PLACEHOLDER.cast_mut()),
        }
    }

    /// The pledge policy dispatch checks while this thread is current; a `pledge` handler
    /// narrows it with [`Policy::pledge`].
    #[inline(always)]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Starts a new program image in this thread (the kernel's `execve`, or a thread record
    /// reused for another program): every category promised again and no escalation left.
    /// Pending work stays. Only the kernel widens a policy, and only here: a `pledge` handler
    /// can only narrow it.
    pub fn start_program(&self) {
        self.policy.reset();
        self.escalated.store(false, Ordering::Relaxed);
    }

    /// Adds `work` to the thread's work word. Any CPU or interrupt handler may call it; the
    /// release ordering makes what the raiser wrote before visible to whoever takes it.
    #[inline]
    pub fn raise(&self, work: Work) {
        self.work.fetch_or(work.0, Ordering::Release);
    }

    /// Takes every pending bit, leaving the word empty.
    #[inline]
    pub fn take(&self) -> Work {
        Work(self.work.swap(0, Ordering::Acquire))
    }

    /// The pending bits, without taking them.
    #[inline(always)]
    pub fn pending(&self) -> Work {
        Work(self.work.load(Ordering::Acquire))
    }

    /// Whether this thread is running a syscall retried with elevated privilege
    /// (`recovery = "escalate"`).
    #[inline]
    pub fn escalated(&self) -> bool {
        self.escalated.load(Ordering::Relaxed)
    }

    /// The escalation flag, for the escalate strategy.
    pub(crate) fn escalation_flag(&self) -> &AtomicBool {
        &self.escalated
    }

    /// Makes `table` this thread's table (its personality): its syscalls dispatch through it
    /// from then on (building it first if needed). A thread starts with the native table; a
    /// kernel calls this on the running thread ([`crate::table::select`]) or on one that is
    /// not running (a new thread of a Linux process, say).
    pub fn select(&self, table: &'static SyscallTable) {
        self.set_table(table.table());
    }

    /// The table this thread's syscalls dispatch through.
    pub fn personality(&self) -> &'static SyscallTable {
        self.table().owner()
    }

    /// The thread's dispatch array: one relaxed load.
    #[inline(always)]
    pub(crate) fn table(&self) -> &'static Table {
        // SAFETY: the slot only ever holds the placeholder or a built table, all `'static`.
        unsafe { &*self.table.load(Ordering::Relaxed) }
    }

    /// Makes `table` the thread's dispatch array.
    pub(crate) fn set_table(&self, table: &'static Table) {
        self.table
            .store(core::ptr::from_ref(table).cast_mut(), Ordering::Relaxed);
    }
}

impl Default for Thread {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Thread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Thread")
            .field("promises", &self.policy.promises())
            .field("work", &self.pending())
            .field("escalated", &self.escalated())
            .finish()
    }
}

/// The bits of a thread's work word: what its return to user mode must do first (Linux's
/// `TIF_*` flags).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash)]
pub struct Work(u32);

impl Work {
    /// No work.
    pub const NONE: Work = Work(0);
    /// The scheduler wants the CPU back: switch before returning to user mode.
    pub const RESCHED: Work = Work(1 << 0);
    /// A signal is pending: deliver it (and decide on the interrupted syscall's restart).
    pub const SIGNAL: Work = Work(1 << 1);
    /// The first bit free for the kernel's own use.
    const KERNEL_SHIFT: u32 = 8;
    /// How many bits the kernel has for its own use.
    pub const KERNEL_BITS: u32 = u32::BITS - Self::KERNEL_SHIFT;

    /// The kernel's own work bit `bit` (below [`KERNEL_BITS`](Work::KERNEL_BITS)); panics (at
    /// compile time in a `const`) past it.
    pub const fn kernel(bit: u32) -> Work {
        assert!(bit < Self::KERNEL_BITS, "kernel work bit out of range");
        Work(1 << (bit + Self::KERNEL_SHIFT))
    }

    /// The bits of both.
    #[inline(always)]
    pub const fn union(self, other: Work) -> Work {
        Work(self.0 | other.0)
    }

    /// Whether any bit of `other` is set in `self`.
    #[inline(always)]
    pub const fn intersects(self, other: Work) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether every bit of `other` is set in `self`.
    #[inline(always)]
    pub const fn contains(self, other: Work) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no bit is set.
    #[inline(always)]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The raw bits.
    pub const fn bits(self) -> u32 {
        self.0
    }
}

impl BitOr for Work {
    type Output = Work;
    fn bitor(self, rhs: Work) -> Work {
        self.union(rhs)
    }
}

impl BitOrAssign for Work {
    fn bitor_assign(&mut self, rhs: Work) {
        self.0 |= rhs.0;
    }
}

/// The thread running on this CPU, as the scheduler last set it with [`set_current`]: one load
/// from the per-CPU area (x86_64 `gs`, AArch64 the `TPIDR_EL1` area, RISC-V the `tp` area; on
/// a hosted target, a thread-local). On bare metal `sysgate::cpu::init_cpu` makes the CPU's
/// own boot thread current until the scheduler's first [`set_current`], so it is never `None`
/// after it; hosted, it is `None` until the host thread's first [`set_current`].
///
/// On bare metal, call it only after `sysgate::cpu::init_cpu` on this CPU.
#[inline(always)]
pub fn current() -> Option<&'static Thread> {
    // SAFETY: the slot holds null or a `&'static Thread` stored by `set_current`.
    unsafe { arch::current_thread().as_ref() }
}

/// [`current`] on the syscall path: on bare metal a thread is always current after
/// `init_cpu` (syscalls come only after it), so there is no null check to pay.
#[inline(always)]
pub(crate) fn running() -> Option<&'static Thread> {
    #[cfg(target_os = "none")]
    // SAFETY: after `init_cpu` the slot holds the boot thread or one `set_current` stored.
    let thread = Some(unsafe { &*arch::current_thread() });
    #[cfg(not(target_os = "none"))]
    let thread = current();
    thread
}

/// [`running`], or, hosted, before the host thread's first [`set_current`], the one thread
/// every such host thread shares (so a personality selected there applies to all of them).
#[inline(always)]
pub(crate) fn running_or_shared() -> &'static Thread {
    static SHARED: Thread = Thread::new();
    running().unwrap_or(&SHARED)
}

/// The thread each CPU starts with ([`current`] until the first [`set_current`]).
#[cfg(target_os = "none")]
static BOOT_THREADS: [Thread; crate::cpu::MAX_CPUS] =
    [const { Thread::new() }; crate::cpu::MAX_CPUS];

/// CPU `cpu`'s boot thread.
#[cfg(target_os = "none")]
pub(crate) fn boot_thread(cpu: usize) -> &'static Thread {
    &BOOT_THREADS[cpu]
}

/// Makes `thread` the current thread of this CPU (of the calling host thread, hosted). The
/// scheduler calls it at every switch, with interrupts masked.
///
/// # Safety
/// On bare metal after `sysgate::cpu::init_cpu` on this CPU, with interrupts masked, and
/// `thread` must not be current on another CPU at the same time.
#[inline(always)]
pub unsafe fn set_current(thread: &'static Thread) {
    // SAFETY: forwarded to the caller.
    unsafe { arch::set_current_thread(thread) }
}

/// The return-to-user loop (Linux's `exit_to_user_mode_loop`): masks interrupts and, while the
/// current thread's work word is non-empty, takes it and calls `f` with it. `f` may enable
/// interrupts, switch threads (the loop then reads the thread that is current when `f`
/// returns) and deliver signals; the loop masks interrupts again after each call. Returns with
/// interrupts masked and no work left. Without a current thread there is no work.
#[inline]
pub fn exit_to_user_mode(f: impl FnMut(Work)) {
    arch::mask_interrupts();
    exit_loop(f);
}

/// [`exit_to_user_mode`] for an entry that has masked interrupts already. The check is two
/// loads and a branch; the loop itself is out of line.
#[cfg(target_os = "none")]
#[inline(always)]
pub(crate) fn exit_loop_masked(f: impl FnMut(Work)) {
    let Some(thread) = running() else { return };
    // A plain load: only this thread takes its work, so an Acquire is needed only by the take.
    if thread.work.load(Ordering::Relaxed) != 0 {
        exit_loop(f);
    }
}

/// The loop of [`exit_to_user_mode`] once there is work.
#[cold]
#[inline(never)]
pub(crate) fn exit_loop(mut f: impl FnMut(Work)) {
    loop {
        let Some(thread) = current() else { return };
        let work = thread.take();
        if work.is_empty() {
            return;
        }
        f(work);
        arch::mask_interrupts();
    }
}
