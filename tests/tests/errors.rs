//! Error contexts, injection through dispatch, the handler API, and the detailed report.

use sysgate::error::{ErrorContext, RecoveryParams, SyscallErrorHandler, handler, inject};
use sysgate::host;
use sysgate::recovery::{Outcome, Recovery, Strategy};
use sysgate::{Errno, SyscallArgs, dispatch, syscall};

/// Looks a key up; fails on a missing key.
#[syscall(nr = 520, category = "system", recovery = "retry", retries = 1)]
fn lookup(key: u32, flags: u32) -> Result<u32, Errno> {
    let _ = flags;
    if key == 0 {
        Err(Errno::ENOENT)
    } else {
        Ok(key)
    }
}

/// Never fails on its own.
#[syscall(nr = 521, category = "device")]
fn ping() -> u32 {
    1
}

fn logged(pid: u32) -> Vec<ErrorContext> {
    let mut entries = Vec::new();
    handler().log().for_each(|c| {
        if c.pid == pid {
            entries.push(*c);
        }
    });
    entries
}

#[test]
fn a_failed_syscall_records_its_context() {
    host::set_current_pid(520);
    host::advance_clock(1_000);
    assert_eq!(dispatch(520, [0, 0x40, 9, 9, 9, 9]), Errno::ENOENT.to_ret());
    let [c] = logged(520)[..] else {
        panic!("one entry")
    };
    assert_eq!((c.nr, c.name, c.pid), (Some(520), "lookup", 520));
    assert_eq!(c.args, [0, 0x40, 9, 9, 9, 9]);
    assert_eq!(
        (c.errno, c.final_errno),
        (Errno::ENOENT, Some(Errno::ENOENT))
    );
    assert!(c.timestamp >= 1_000);
    assert_eq!(
        (c.strategy, c.outcome),
        (Strategy::Retry, Outcome::NotAttempted)
    );
    assert_eq!(handler().log().get(c.seq), Some(c));
}

#[test]
fn injection_fails_chosen_syscalls_through_dispatch() {
    host::set_current_pid(521);
    assert!(inject::fail(521, Errno::EIO, inject::PER_MILLION));
    assert_eq!(dispatch(521, [0; 6]), Errno::EIO.to_ret());
    assert_eq!(dispatch(521, [0; 6]), Errno::EIO.to_ret());
    inject::stop(521);
    assert_eq!(dispatch(521, [0; 6]), 1);
    let entries = logged(521);
    assert_eq!(entries.len(), 2);
    assert!(
        entries
            .iter()
            .all(|c| c.nr == Some(521) && c.errno == Errno::EIO)
    );

    assert!(
        inject::fail(521, Errno::EAGAIN, 0),
        "a zero rate never fires"
    );
    assert_eq!(dispatch(521, [0; 6]), 1);
    inject::stop(521);
}

#[test]
fn handler_api_logs_suggests_and_recovers() {
    let h = SyscallErrorHandler::new();
    let seq = h.log_error(Errno::EIO, 77, "controller reset");
    let entry = h.log().get(seq).unwrap();
    assert_eq!(
        (entry.nr, entry.pid, entry.detail),
        (None, 77, "controller reset")
    );

    assert!(matches!(
        h.get_recovery_strategy(Errno::EAGAIN),
        Recovery::Backoff { .. }
    ));
    assert!(matches!(
        h.get_recovery_strategy(Errno::ENOMEM),
        Recovery::FreeMemory { .. }
    ));
    assert_eq!(h.get_recovery_strategy(Errno::EPERM), Recovery::Escalate);
    assert_eq!(h.get_recovery_strategy(Errno::EINVAL), Recovery::None);

    let tries = std::cell::Cell::new(0);
    let operation = |_: &SyscallArgs| {
        tries.set(tries.get() + 1);
        if tries.get() < 3 {
            Err(Errno::EAGAIN)
        } else {
            Ok(5)
        }
    };
    let attempt = h.execute_recovery(
        Errno::EAGAIN,
        77,
        &RecoveryParams {
            recovery: Recovery::Retry { retries: 3 },
            nr: 3,
            name: "poll",
            args: SyscallArgs([1, 2, 3, 4, 5, 6]),
            operation: &operation,
            fallback: None,
        },
    );
    // The caller's own first call failed already: the strategy called twice more in vain,
    // then a third time with success.
    assert_eq!(
        (attempt.result, attempt.outcome, attempt.retries),
        (Ok(5), Outcome::Recovered, 3)
    );
    assert_eq!((h.stats().failed(3), h.stats().recovered(3)), (1, 1));
    assert_eq!(h.stats().strategy(Strategy::Retry).recovered(), 1);

    let message = h.get_user_friendly_message(Errno::ENOSYS).to_string();
    assert!(message.starts_with("ENOSYS (Function not implemented): No handler is registered"));
}

#[test]
fn detailed_report_reads_as_text_and_json() {
    host::set_current_pid(522);
    for _ in 0..3 {
        dispatch(520, [0; 6]);
    }
    dispatch(520, [5, 0, 0, 0, 0, 0]);
    let h = handler();
    h.log_error(Errno::EIO, 522, "quote \" and backslash \\ survive");

    let report = h.generate_detailed_error_report();
    let text = report.to_string();
    println!("{text}");
    for section in [
        "== sysgate error report ==",
        "-- top errors --",
        "-- per-syscall errors --",
        "-- recovery outcomes --",
        "-- newest errors (oldest first) --",
    ] {
        assert!(text.contains(section), "missing {section}");
    }
    assert!(text.contains("ENOENT"));
    assert!(text.contains("No such file or directory"));
    let row = text
        .lines()
        .find(|l| l.contains(" lookup "))
        .expect("a row for lookup");
    assert!(row.trim_start().starts_with("520"), "{row}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("retry ")));

    let json = report.json().to_string();
    println!("{json}");
    assert!(json.starts_with("{\"logged\":") && json.ends_with("]}"));
    for key in [
        "\"top_errors\":[",
        "\"syscalls\":[",
        "\"strategies\":[",
        "\"recent\":[",
    ] {
        assert!(json.contains(key), "missing {key}");
    }
    assert!(json.contains("\"name\":\"lookup\""));
    assert!(json.contains(r#"quote \" and backslash \\ survive"#));
    let depth = json.chars().try_fold(0i32, |d, c| {
        let d = d + match c {
            '{' | '[' => 1,
            '}' | ']' => -1,
            _ => 0,
        };
        (d >= 0).then_some(d)
    });
    assert_eq!(depth, Some(0), "balanced brackets");
}
