//! A personality per thread: each thread dispatches through the table it selected, so two
//! threads of two personalities run at once.

use std::sync::Barrier;

use sysgate::table::{self, SyscallTable};
use sysgate::thread::{self, Thread};
use sysgate::{Errno, dispatch, syscall};

sysgate::syscall_table! {
    /// A second personality.
    pub OTHER = "other", decoding = Linux
}

/// The native 20.
#[syscall(nr = 20, category = "process")]
fn native_twenty() -> usize {
    1
}

/// The other table's 20.
#[syscall(table = OTHER, nr = 20, category = "process")]
fn other_twenty() -> usize {
    2
}

#[test]
fn each_thread_dispatches_through_its_own_table() {
    static OTHER_THREAD: Thread = Thread::new();
    static NATIVE_THREAD: Thread = Thread::new();
    static BOTH_SELECTED: Barrier = Barrier::new(2);
    let run = |me: &'static Thread, personality: Option<&'static SyscallTable>| {
        std::thread::spawn(move || {
            // SAFETY: a host thread of its own, current for the rest of its life.
            unsafe { thread::set_current(me) };
            if let Some(t) = personality {
                table::select(t);
            }
            BOTH_SELECTED.wait();
            let calls = [dispatch(20, [0; 6]), dispatch(21, [0; 6])];
            (table::current_table().name(), calls)
        })
    };
    let other = run(&OTHER_THREAD, Some(&OTHER::TABLE));
    let native = run(&NATIVE_THREAD, None);
    let enosys = Errno::ENOSYS.to_ret();
    assert_eq!(other.join().unwrap(), ("other", [2, enosys]));
    assert_eq!(native.join().unwrap(), ("native", [1, enosys]));
    assert_eq!(
        OTHER::TABLE.unknown_numbers().collect::<Vec<_>>(),
        [(21, 1)]
    );
    assert_eq!(OTHER_THREAD.personality().name(), "other");
    assert_eq!(NATIVE_THREAD.personality().name(), "native");
    // Another thread's personality, set before it runs.
    NATIVE_THREAD.select(&OTHER::TABLE);
    assert_eq!(NATIVE_THREAD.personality().name(), "other");
}
