//! The trait a kernel implements once: every service the runtime asks of it.

use core::ops::Range;

use crate::Errno;
use crate::arch::{EntryHooks, cycles};
use crate::policy::{self, Policy};

/// The kernel sysgate runs in: one implementation per binary, registered with
/// [`kernel!`](crate::kernel!).
///
/// Every method is an associated function on a (usually unit) type, so the runtime calls the
/// registered kernel directly — resolved by the linker, like `#[global_allocator]` — with no
/// function pointer, no `dyn` and no setup call. Only [`Kernel::cpu_id`] has no default; the
/// others fit a kernel that does not have the service (bare metal fails closed where it
/// matters: [`Kernel::user_range`] is empty). The architecture's entry hooks (exit work, traps)
/// are the supertrait [`EntryHooks`].
///
/// Nothing here may lock or allocate: [`cpu_id`](Kernel::cpu_id), [`now`](Kernel::now) and
/// [`policy`](Kernel::policy) run on every syscall.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a sysgate kernel",
    label = "`sysgate::kernel!` needs a type that implements `sysgate::Kernel`",
    note = "implement `sysgate::Kernel` (and `sysgate::arch::EntryHooks`) for `{Self}`"
)]
pub trait Kernel: EntryHooks {
    /// The CPU running the current syscall, `0..` (a single-CPU kernel returns 0).
    ///
    /// It scopes the per-CPU call counters ([`crate::perf`]: ids below
    /// [`SHARDS`](crate::perf::SHARDS)` - 1` count without a locked instruction, any other id
    /// in a shared shard) and, while no [`Thread`](crate::thread::Thread) is current, the
    /// [`escalated`](crate::recovery::escalated) flag. It must differ between CPUs that run
    /// syscalls at the same time and a CPU must not start a second syscall while one of its
    /// own is counting (no syscall from an interrupt handler). A handler that blocks may
    /// resume on another CPU: the id is read again where it is used, and a counter update has
    /// no blocking point inside (see [`crate::thread`]). Kernels that call
    /// `sysgate::cpu::init_cpu` return `sysgate::cpu::id`.
    fn cpu_id() -> usize;

    /// The monotonic clock every timestamp and latency is read from, in ticks of
    /// [`clock_unit`](Kernel::clock_unit). Runs on the syscall path (one call in the sample
    /// period, twice).
    ///
    /// The default is the architecture's counter ([`cycles::read`]).
    #[inline(always)]
    fn now() -> u64 {
        cycles::read()
    }

    /// What one tick of [`now`](Kernel::now) is, for reports (`"cycles"`, `"ns"`); empty if
    /// the kernel has no clock, which makes the runtime skip what needs one.
    fn clock_unit() -> &'static str {
        if cycles::AVAILABLE { cycles::UNIT } else { "" }
    }

    /// The id of the process making the current syscall.
    fn current_pid() -> u32 {
        0
    }

    /// The pledge policy of the current thread, checked by dispatch on every call
    /// ([`crate::policy`]). The default is the policy of the [`Thread`](crate::thread::Thread)
    /// the scheduler made current ([`crate::thread::current`], one load from the per-CPU area;
    /// on bare metal the CPU's boot thread until the first switch), or, hosted,
    /// [`policy::UNRESTRICTED`] while none is.
    #[inline(always)]
    fn policy() -> &'static Policy {
        match crate::thread::running() {
            Some(thread) => thread.policy(),
            None => &policy::UNRESTRICTED,
        }
    }

    /// Waits about `us` microseconds (or yields) before a recovery strategy retries.
    fn sleep_us(us: u64) {
        let _ = us;
    }

    /// Frees what memory the kernel can (caches, buffers); returns the bytes reclaimed.
    fn reclaim_memory() -> usize {
        0
    }

    /// Terminates process `pid` with cleanup because a syscall failed with `errno`.
    fn terminate_process(pid: u32, errno: Errno) {
        let _ = (pid, errno);
    }

    /// Whether process `pid` may run syscall `nr` with elevated privilege. Denied by default.
    fn may_escalate(pid: u32, nr: usize) -> bool {
        let _ = (pid, nr);
        false
    }

    /// Whether the thread making the current syscall has a signal pending that its return to
    /// user mode will act on. While it does, `retry` and `backoff` recovery do not retry
    /// `EINTR` or a restart errno: the error goes out so the signal is delivered (and the exit
    /// path restarts the call if the disposition says so, [`crate::signal::restart`]). No
    /// signals by default.
    fn signal_pending() -> bool {
        false
    }

    /// The half-open range of addresses that belong to user space: every user pointer must lie
    /// in it. The copies themselves go through [`crate::uaccess`], which survives unmapped
    /// pages in it on bare metal.
    ///
    /// Bare metal (`target_os = "none"`) fails closed: the default is empty, so a kernel that
    /// does not declare its user memory refuses every user pointer with `EFAULT` instead of
    /// accepting its own memory (AArch64 and RISC-V kernels often live in the lower half).
    /// Hosted builds default to the x86_64 lower half above the null page.
    fn user_range() -> Range<usize> {
        if cfg!(target_os = "none") {
            0..0
        } else {
            0x1000..0x0000_8000_0000_0000
        }
    }
}
