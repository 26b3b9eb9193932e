//! Kernel services the framework needs, supplied once by the kernel.

use core::ops::Range;

use crate::Errno;

#[cfg(feature = "std")]
pub mod testing;

/// Services the runtime asks of the kernel it runs in.
///
/// Every method has a conservative default, so a kernel implements only what it has.
/// Install the implementation once at boot with [`install`]; until then the defaults apply.
pub trait Platform: Sync {
    /// The id of the process making the current syscall.
    fn current_pid(&self) -> u32 {
        0
    }

    /// A monotonic time in nanoseconds, used to timestamp error records.
    fn now_ns(&self) -> u64 {
        0
    }

    /// Waits about `us` microseconds (or yields) before a recovery strategy retries.
    fn sleep_us(&self, us: u64) {
        let _ = us;
    }

    /// Frees what memory the kernel can (caches, buffers); returns the bytes reclaimed.
    fn reclaim_memory(&self) -> usize {
        0
    }

    /// Terminates process `pid` with cleanup because a syscall failed with `errno`.
    fn terminate_process(&self, pid: u32, errno: Errno) {
        let _ = (pid, errno);
    }

    /// The execution context running the current syscall (a CPU index), used to scope the
    /// [`escalated`](crate::recovery::escalated) flag. It must not change during a syscall and
    /// must differ between contexts that run syscalls at the same time.
    fn cpu_id(&self) -> usize {
        0
    }

    /// Whether process `pid` may run syscall `nr` with elevated privilege. Denied by default.
    fn may_escalate(&self, pid: u32, nr: usize) -> bool {
        let _ = (pid, nr);
        false
    }

    /// Whether the thread making the current syscall has a signal pending that its return to
    /// user mode will act on. While it does, `retry` and `backoff` recovery do not retry
    /// `EINTR` or a restart errno: the error goes out so the signal is delivered (and the exit
    /// path restarts the call if the disposition says so). No signals by default.
    fn signal_pending(&self) -> bool {
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
    fn user_range(&self) -> Range<usize> {
        if cfg!(target_os = "none") {
            0..0
        } else {
            0x1000..0x0000_8000_0000_0000
        }
    }
}

struct Defaults;

impl Platform for Defaults {}

static INSTALLED: spin::Once<&'static dyn Platform> = spin::Once::new();

/// Installs the kernel's platform. The first call wins; returns `false` if one was installed.
pub fn install(platform: &'static dyn Platform) -> bool {
    let mut installed = false;
    INSTALLED.call_once(|| {
        installed = true;
        platform
    });
    installed
}

/// The installed platform, or the defaults.
#[inline]
pub fn get() -> &'static dyn Platform {
    match INSTALLED.get() {
        Some(p) => *p,
        None => &Defaults,
    }
}
