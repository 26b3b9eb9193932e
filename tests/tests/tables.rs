//! Two tables in one binary: the native one and a declared `LINUX` table with overlapping
//! numbers, per-architecture numbers, Linux's argument decoding, the current thread's table
//! (its personality), and reports, traces and JSON that name the table.
//!
//! One test: it selects tables on the thread every host thread shares before any
//! `set_current` (`personality.rs` gives threads their own).

use sysgate::table::{self, Decoding};
use sysgate::{Errno, dispatch, syscall};

sysgate::syscall_table! {
    /// Linux's numbers, Linux's argument decoding.
    pub LINUX = "linux", decoding = Linux
}

/// The native `39`: strict decoding of its `i32`.
#[syscall(nr = 39, category = "process")]
fn native_echo(value: i32) -> Result<usize, Errno> {
    Ok(value.unsigned_abs() as usize)
}

/// The Linux `getpid`, numbered per architecture: 39 on x86_64 as in the native table.
#[syscall(table = LINUX, nr(x86_64 = 39, aarch64 = 172, riscv64 = 172), category = "process")]
fn getpid() -> u32 {
    7
}

/// Takes an `int` the way Linux does: the low 32 bits, whatever lies above.
#[syscall(table = LINUX, nr(x86_64 = 3, aarch64 = 57, riscv64 = 57), category = "file")]
fn close(fd: i32) -> Result<(), Errno> {
    if fd == -100 {
        Ok(())
    } else {
        Err(Errno::EBADF)
    }
}

#[test]
fn two_tables_one_binary() {
    sysgate::init().expect("native table consistent");
    LINUX::TABLE.init().expect("linux table consistent");
    assert_eq!(LINUX::TABLE.name(), "linux");
    assert_eq!(LINUX::TABLE.decoding(), Decoding::Linux);
    assert_eq!(table::NATIVE.decoding(), Decoding::Strict);
    assert_eq!(LINUX::TABLE.table().len(), 2);
    assert_eq!(table::table().len(), 1);

    // The per-architecture number, selected for this target.
    let nr = getpid::NR;
    assert_eq!(LINUX::TABLE.get_by_name("getpid").map(|d| d.nr), Some(nr));
    let close_nr = close::NR;

    // Native by default: 39 is `native_echo`, strict about its `i32`.
    assert!(core::ptr::eq(table::current_table(), &table::NATIVE));
    assert_eq!(dispatch(39, [5, 0, 0, 0, 0, 0]), 5);
    let garbage_above = 0xdead_beef_0000_0000usize | 0xffff_ff9c; // -100 in the low half
    assert_eq!(
        dispatch(39, [garbage_above, 0, 0, 0, 0, 0]),
        Errno::EINVAL.to_ret()
    );

    // The Linux personality: the same trap path now finds the Linux handlers.
    table::select(&LINUX::TABLE);
    assert!(core::ptr::eq(table::current_table(), &LINUX::TABLE));
    if cfg!(target_arch = "x86_64") {
        assert_eq!(dispatch(39, [0; 6]), 7);
    }
    assert_eq!(dispatch(nr, [0; 6]), 7);
    // Linux decoding: `int` is the low 32 bits of the register.
    assert_eq!(dispatch(close_nr, [garbage_above, 0, 0, 0, 0, 0]), 0);
    assert_eq!(
        dispatch(close_nr, [1, 0, 0, 0, 0, 0]),
        Errno::EBADF.to_ret()
    );

    // Unknown numbers are counted per table and per number.
    let native_unknown = table::unknown_calls();
    assert_eq!(dispatch(500, [0; 6]), Errno::ENOSYS.to_ret());
    assert_eq!(dispatch(500, [0; 6]), Errno::ENOSYS.to_ret());
    assert_eq!(dispatch(5000, [0; 6]), Errno::ENOSYS.to_ret());
    assert_eq!(LINUX::TABLE.unknown_calls(), 3);
    assert_eq!(table::unknown_calls(), native_unknown);
    assert_eq!(
        LINUX::TABLE.unknown_numbers().collect::<Vec<_>>(),
        [(500, 2)]
    );
    assert!(LINUX::TABLE.name_unhandled(&[(500, "five_hundred")]));
    assert!(!LINUX::TABLE.name_unhandled(&[]), "the first naming wins");

    // The trace names calls by the table they went through.
    sysgate::trace::clear();
    sysgate::trace::enable();
    dispatch(nr, [0; 6]);
    dispatch(500, [1, 2, 3, 4, 5, 6]);
    table::select(&table::NATIVE);
    dispatch(39, [3, 0, 0, 0, 0, 0]);
    sysgate::trace::disable();
    let mut trace = String::new();
    sysgate::trace::write_trace(&mut trace, sysgate::trace::Timestamps::Hidden).unwrap();
    assert_eq!(
        trace,
        "getpid() = 7\n\
         five_hundred(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)\n\
         native_echo(value=3) = 3\n",
        "{trace}"
    );

    // Reports and JSON name the table.
    let mut registry = String::new();
    sysgate::registry::write_table_of(&LINUX::TABLE, &mut registry).unwrap();
    assert!(
        registry.starts_with("table `linux` (linux argument decoding)\n"),
        "{registry}"
    );
    assert!(registry.contains("getpid() -> u32"), "{registry}");
    assert!(!registry.contains("native_echo"), "{registry}");
    let stats = sysgate::perf::PerformanceStatistics::take_of(&LINUX::TABLE);
    let mut json = String::new();
    sysgate::perf::write_json(&mut json, &stats).unwrap();
    assert!(json.starts_with("{\"table\":\"linux\","), "{json}");
    assert!(json.contains("\"name\":\"getpid\""), "{json}");
    assert!(!json.contains("native_echo"), "{json}");
    // The error log names the table a failed call went through.
    let errors = sysgate::error::handler()
        .generate_detailed_error_report()
        .json()
        .to_string();
    assert!(
        errors.contains(&format!(
            "\"nr\":{close_nr},\"name\":\"close\",\"table\":\"linux\""
        )),
        "{errors}"
    );
    // Failures are counted per table: 39 is `native_echo` (failed once) in the native table
    // and, on x86_64, `getpid` (never failed) in the Linux one.
    let counts = sysgate::error::handler().stats();
    assert_eq!(counts.failed_in(&table::NATIVE, 39), 1);
    assert_eq!(counts.failed(39), 1, "the native table's");
    assert_eq!(counts.failed_in(&LINUX::TABLE, nr), 0);
    assert_eq!(counts.failed_in(&LINUX::TABLE, close_nr), 1);
    // The error report's per-syscall section covers both tables.
    for row in [
        "{\"table\":\"native\",\"nr\":39,\"name\":\"native_echo\",\"calls\":3,\"failed\":1,"
            .to_string(),
        format!(
            "{{\"table\":\"linux\",\"nr\":{close_nr},\"name\":\"close\",\"calls\":2,\"failed\":1,"
        ),
    ] {
        assert!(errors.contains(&row), "{row} in {errors}");
    }
    let text = sysgate::error::handler()
        .generate_detailed_error_report()
        .to_string();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| *l != "-- per-syscall errors --")
        .skip(2)
        .take_while(|l| !l.starts_with("--"))
        .map(|l| l.split_whitespace().take(5).collect())
        .collect();
    let close_row = ["linux", &close_nr.to_string(), "close", "2", "1"].map(String::from);
    assert!(
        rows.iter()
            .any(|r| r[..] == ["native", "39", "native_echo", "3", "1"]),
        "{text}"
    );
    assert!(rows.iter().any(|r| *r == close_row), "{text}");

    let mut report = String::new();
    sysgate::perf::write_report(&mut report, &stats).unwrap();
    assert!(
        report.starts_with("== sysgate performance (linux table)"),
        "{report}"
    );
}
