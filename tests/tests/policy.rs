//! Pledge-style policy through the real dispatch path: narrowing, refusal, counting, logging,
//! termination; and each thread's policy its own (the host kernel keeps one per thread, as a
//! kernel keeps one per thread or process).

use sysgate::host;
use sysgate::policy::{self, Policy, Promises, Violation};
use sysgate::{Category, Errno, dispatch, error};

use sysgate_test_handlers as _;

static SHELL: Policy = Policy::new();
static DAEMON: Policy = Policy::new();

#[test]
fn promises_narrow_and_calls_outside_them_are_refused() {
    host::set_current_pid(70);
    host::set_policy(&SHELL);
    assert_eq!(
        dispatch(39, [0; 6]),
        42,
        "everything is allowed before a pledge"
    );
    assert_eq!(dispatch(22, [0; 6]), Errno::EMFILE.to_ret());

    let stdio = Promises::of(&[Category::File, Category::Process, Category::Time]);
    SHELL.pledge(stdio, Violation::Deny).unwrap();
    let logged = error::handler().log().logged();
    let denied_ipc = policy::denied(Category::Ipc);
    assert_eq!(dispatch(39, [0; 6]), 42, "process is promised");
    assert_eq!(dispatch(22, [0; 6]), Errno::EPERM.to_ret(), "ipc is not");
    assert_eq!(
        dispatch(9, [4096, 0, 0, 0, 0, 0]),
        Errno::EPERM.to_ret(),
        "memory is not"
    );
    assert_eq!(policy::denied(Category::Ipc), denied_ipc + 1);
    assert!(
        error::handler().log().logged() >= logged + 2,
        "refusals are logged"
    );
    let mut found = false;
    error::handler().log().for_each(|ctx| {
        found |= ctx.nr == Some(22) && ctx.pid == 70 && ctx.errno == Errno::EPERM;
    });
    assert!(found, "the refusal is logged with nr, pid and errno");
    assert_eq!(
        dispatch(7, [0; 6]),
        Errno::ENOSYS.to_ret(),
        "unknown stays ENOSYS"
    );

    assert_eq!(
        SHELL.pledge(Promises::ALL, Violation::Deny),
        Err(Errno::EPERM),
        "widening is refused"
    );
    assert_eq!(dispatch(22, [0; 6]), Errno::EPERM.to_ret());

    // Another process, another policy: switching restores its own promises.
    host::set_policy(&DAEMON);
    host::set_current_pid(71);
    assert_eq!(dispatch(22, [0; 6]), Errno::EMFILE.to_ret());
    DAEMON
        .pledge(Promises::of(&[Category::Process]), Violation::Terminate)
        .unwrap();
    assert_eq!(dispatch(0, [0; 6]), Errno::EPERM.to_ret());
    assert_eq!(
        host::terminations(71),
        [Errno::EPERM],
        "terminated as pledged"
    );
    assert!(host::terminations(70).is_empty());

    host::set_policy(&policy::UNRESTRICTED);
    assert_eq!(dispatch(22, [0; 6]), Errno::EMFILE.to_ret());
}

#[test]
fn each_thread_is_checked_against_its_own_policy() {
    static NOTHING: Policy = Policy::new();
    NOTHING.pledge(Promises::NONE, Violation::Deny).unwrap();
    host::set_current_pid(72);
    host::set_policy(&NOTHING);
    assert_eq!(dispatch(39, [0; 6]), Errno::EPERM.to_ret());
    let other = std::thread::spawn(|| dispatch(39, [0; 6])).join().unwrap();
    assert_eq!(
        other, 42,
        "another thread is not under this thread's pledge"
    );
    host::set_policy(&policy::UNRESTRICTED);
    assert_eq!(dispatch(39, [0; 6]), 42);
}
