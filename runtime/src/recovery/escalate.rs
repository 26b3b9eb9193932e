//! What "elevated privilege" means for `recovery = "escalate"`.
//!
//! While the thunk retries an escalated call, a flag is set for the execution context running
//! it — the CPU named by [`Kernel::cpu_id`](crate::Kernel::cpu_id), which must not
//! run anything else until the syscall returns (the usual case with preemption off in the
//! kernel; a thread on the host). The handler reads it with [`escalated`] and skips the
//! permission check it would otherwise fail. Nothing else is granted.

use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

use crate::kernel;

/// Execution contexts with a flag of their own; `cpu_id` is taken modulo this.
const CONTEXTS: usize = 256;

static ELEVATED: [AtomicBool; CONTEXTS] = [const { AtomicBool::new(false) }; CONTEXTS];

fn slot() -> &'static AtomicBool {
    &ELEVATED[kernel::cpu_id() % CONTEXTS]
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
