//! Pledge-style policy through the real dispatch path: narrowing, refusal, counting, logging,
//! termination. One test: the current policy is global to the binary.

use sysgate::platform::testing::TestPlatform;
use sysgate::policy::{self, Policy, Promises, Violation};
use sysgate::{Category, Errno, dispatch, error};

use sysgate_test_handlers as _;

static SHELL: Policy = Policy::new();
static DAEMON: Policy = Policy::new();

#[test]
fn promises_narrow_and_calls_outside_them_are_refused() {
    let platform = TestPlatform::install();
    TestPlatform::set_current_pid(70);
    policy::switch_to(&SHELL);
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
    policy::switch_to(&DAEMON);
    TestPlatform::set_current_pid(71);
    assert_eq!(dispatch(22, [0; 6]), Errno::EMFILE.to_ret());
    DAEMON
        .pledge(Promises::of(&[Category::Process]), Violation::Terminate)
        .unwrap();
    assert_eq!(dispatch(0, [0; 6]), Errno::EPERM.to_ret());
    assert_eq!(
        platform.terminations(71),
        [Errno::EPERM],
        "terminated as pledged"
    );
    assert!(platform.terminations(70).is_empty());

    policy::switch_to(&policy::UNRESTRICTED);
    assert_eq!(dispatch(22, [0; 6]), Errno::EMFILE.to_ret());
}
