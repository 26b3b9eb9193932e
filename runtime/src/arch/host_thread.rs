//! Hosted targets: the current [`Thread`] of each host thread (with `std`, a thread-local; each
//! host thread stands for a CPU) or of the one execution context (without `std`), and no
//! interrupts to mask.

use crate::thread::Thread;

#[cfg(any(feature = "std", test))]
mod slot {
    extern crate std;

    use core::cell::Cell;

    use crate::thread::Thread;

    std::thread_local! {
        static CURRENT: Cell<*const Thread> = const { Cell::new(core::ptr::null()) };
    }

    #[inline(always)]
    pub(super) fn get() -> *const Thread {
        CURRENT.with(Cell::get)
    }

    pub(super) fn set(thread: *const Thread) {
        CURRENT.with(|c| c.set(thread));
    }
}

#[cfg(not(any(feature = "std", test)))]
mod slot {
    use core::sync::atomic::{AtomicPtr, Ordering::Relaxed};

    use crate::thread::Thread;

    static CURRENT: AtomicPtr<Thread> = AtomicPtr::new(core::ptr::null_mut());

    #[inline(always)]
    pub(super) fn get() -> *const Thread {
        CURRENT.load(Relaxed)
    }

    pub(super) fn set(thread: *const Thread) {
        CURRENT.store(thread.cast_mut(), Relaxed);
    }
}

/// The current thread, or null.
#[inline(always)]
pub(crate) fn current_thread() -> *const Thread {
    slot::get()
}

/// Makes `thread` current.
///
/// # Safety
/// None needed on the host; `unsafe` to match the bare-metal targets.
pub(crate) unsafe fn set_current_thread(thread: &'static Thread) {
    slot::set(thread);
}

/// A hosted program takes no interrupts: nothing to mask.
#[inline(always)]
pub(crate) fn mask_interrupts() {}
