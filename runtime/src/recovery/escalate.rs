//! What "elevated privilege" means for `recovery = "escalate"`.
//!
//! While the thunk retries an escalated call, a flag is set for the thread running it: the
//! current [`Thread`](crate::thread::Thread) ([`crate::thread::current`]), so a retry that
//! blocks, is preempted or migrates keeps its privilege and no other thread — not even one that
//! runs on the same CPU meanwhile — sees it. While no thread is current the flag is the CPU's
//! (named by [`Kernel::cpu_id`](crate::Kernel::cpu_id); a thread on the host), which must then
//! run nothing else until the syscall returns. The handler reads it with [`escalated`] and
//! skips the permission check it would otherwise fail. Nothing else is granted.

use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

use crate::kernel;

/// CPUs with a fallback flag of their own; `cpu_id` is taken modulo this.
const CONTEXTS: usize = 256;

static ELEVATED: [AtomicBool; CONTEXTS] = [const { AtomicBool::new(false) }; CONTEXTS];

/// The current thread's flag, or the CPU's while no thread is current.
fn slot() -> &'static AtomicBool {
    match crate::thread::running() {
        Some(thread) => thread.escalation_flag(),
        None => &ELEVATED[kernel::cpu_id() % CONTEXTS],
    }
}

/// Whether the running handler was called again with elevated privilege by
/// `recovery = "escalate"` after the kernel allowed it.
pub fn escalated() -> bool {
    slot().load(Relaxed)
}

/// Sets the flag for the current context until dropped.
pub(super) struct Elevated(&'static AtomicBool);

impl Elevated {
    pub(super) fn enter() -> Elevated {
        let flag = slot();
        flag.store(true, Relaxed);
        Elevated(flag)
    }
}

impl Drop for Elevated {
    fn drop(&mut self) {
        self.0.store(false, Relaxed);
    }
}
