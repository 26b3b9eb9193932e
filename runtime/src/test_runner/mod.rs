//! The integrated test runner: checks the syscall layer of the binary it runs in, on the host
//! or inside a kernel, and returns a structured result per check plus a printable summary.
//!
//! | check | measured | passes when |
//! | --- | --- | --- |
//! | module integration | handlers consistent across table, registry, descriptors and dispatch | all of them |
//! | errno mapping | named errnos returned as exactly `-errno` | all of them |
//! | instrumentation overhead | `(on − off)` of the dispatch path / a real round trip | ≤ the threshold |
//! | injection recovery | recovered / failed first attempts | ≥ the minimum |
//!
//! A check that measured nothing — no handler linked, no clock, no round trip to compare the
//! overhead with, no failure injected, no stress call made — fails; only a check the
//! configuration switched off is skipped.
//! | stress | calls whose effects were counted exactly | all of them |
//! | memory bounds | error-log entries held after the flood | ≤ capacity |
//!
//! # Which handlers it calls
//! None of the handlers linked into the binary ever runs: the runner cannot know which have
//! side effects (`exit`, `reboot`, `write`). It calls linked syscalls only where the handler
//! body is skipped — under a one-shot injected `EIO` (returned by the thunk before the handler;
//! handlers whose declared recovery would act on it, `fallback` and `terminate`, are checked
//! statically), or under a policy that promises nothing (refused before the thunk). Everything
//! that needs a body to run — overhead, recovery, the stress load — uses probe descriptors built
//! with the same thunk body as generated handlers but never registered, numbered past the table.
//!
//! # What it changes
//! The runner owns error injection while it runs: it clears every injection rule on entry and
//! on exit. It restores the instrumentation switch. It leaves the kernel's policy alone: its
//! calls are checked against policies of its own (one that allows everything, one that
//! promises nothing), whatever the current thread pledged. Its probe failures are recorded in
//! the error log and statistics like any others. It is not reentrant: run one at a time, and on
//! a host not alongside other code that dispatches or injects.
//!
//! ```
//! use sysgate::test_runner::{TestConfig, run_syscall_tests_with_config};
//!
//! let config = TestConfig {
//!     stress_test_duration: core::time::Duration::from_millis(10),
//!     concurrent_test_threads: 2,
//!     ..TestConfig::default()
//! };
//! let report = run_syscall_tests_with_config(config);
//! assert!(report.check("module integration").unwrap().passed());
//! println!("{report}");
//! ```

mod config;
mod integration;
mod memory;
mod overhead;
mod probe;
mod recovery;
mod report;
mod stress;
#[cfg(test)]
mod tests;

pub use config::{MemoryPressure, TestConfig};
pub use integration::PROBE_ERRNO;
pub use report::{CHECKS, CheckResult, Status, TestReport};

use crate::error::inject;
use crate::perf;

/// Runs every check with [`TestConfig::default`].
pub fn run_all_syscall_tests() -> TestReport {
    run_syscall_tests_with_config(TestConfig::default())
}

/// Runs every check with `config`; see the module documentation for what each does.
pub fn run_syscall_tests_with_config(config: TestConfig) -> TestReport {
    let was_on = perf::is_enabled();
    inject::clear();
    let monitoring = config.enable_performance_monitoring && cfg!(feature = "instrument");
    if monitoring {
        perf::enable();
    }

    let modules = integration::modules();
    let errnos = integration::errno_mapping(&probe::PLAIN);
    let overhead = if !cfg!(feature = "instrument") {
        CheckResult::skipped("instrumentation overhead", "instrumentation compiled out")
    } else if monitoring {
        overhead::measure(
            config.iterations,
            config.performance_overhead_threshold,
            config.round_trips,
        )
    } else {
        CheckResult::skipped("instrumentation overhead", "switched off")
    };
    let recovery = if config.enable_error_injection {
        recovery::measure(
            config.iterations,
            config.error_injection_rate,
            config.min_recovery_rate,
        )
    } else {
        CheckResult::skipped("injection recovery", "switched off")
    };
    let (stress, stress_calls, stress_threads) = stress::run(
        config.concurrent_test_threads,
        config.stress_test_duration,
        config.stress_max_calls,
        config
            .enable_error_injection
            .then_some(config.error_injection_rate),
        monitoring,
    );
    let memory = memory::measure(&probe::PLAIN, config.memory_pressure_level.records());

    inject::clear();
    if !was_on {
        perf::disable();
    }
    TestReport {
        checks: [modules, errnos, overhead, recovery, stress, memory],
        stress_calls,
        stress_threads,
    }
}
