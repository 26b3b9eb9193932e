//! What the test runner checks and with which limits.

use core::time::Duration;

use crate::error::LOG_CAPACITY;

/// How hard the memory check fills the fixed-size error log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryPressure {
    /// Records as many errors as the log holds.
    Low,
    /// Four times what the log holds.
    Medium,
    /// Sixteen times what the log holds.
    High,
}

impl MemoryPressure {
    /// The number of error records the memory check makes.
    pub const fn records(self) -> usize {
        LOG_CAPACITY
            * match self {
                MemoryPressure::Low => 1,
                MemoryPressure::Medium => 4,
                MemoryPressure::High => 16,
            }
    }
}

/// The configuration of [`run_syscall_tests_with_config`](super::run_syscall_tests_with_config).
#[derive(Clone, Copy, Debug)]
pub struct TestConfig {
    /// Turn instrumentation on for the run, measure its overhead and check the counts it keeps.
    pub enable_performance_monitoring: bool,
    /// Inject transient failures and measure the recovery rate; inject them during the stress.
    pub enable_error_injection: bool,
    /// How long the stress check runs (it also stops after [`Self::stress_max_calls`]).
    pub stress_test_duration: Duration,
    /// How many records the memory check pushes through the error log.
    pub memory_pressure_level: MemoryPressure,
    /// Threads of the stress check (with the `std` feature; one thread without it).
    pub concurrent_test_threads: usize,
    /// The largest instrumentation overhead accepted: what instrumentation adds to the
    /// dispatch path, as a share of a real system-call round trip (0.05 = a call may cost 5%
    /// more with instrumentation on).
    pub performance_overhead_threshold: f64,
    /// Makes `n` real system-call round trips (user → kernel → user), the cost the overhead
    /// is compared with. With `std` the default makes a host system call (`getpid` through
    /// `std::process::id`); a kernel passes a function that runs user code making `n` null
    /// syscalls. `None` fails the overhead check: nothing to compare with.
    pub round_trips: Option<fn(u32)>,
    /// The injection rate of transient failures, per million attempts.
    pub error_injection_rate: u32,
    /// The smallest share of injected failures recovery must turn into successes.
    pub min_recovery_rate: f64,
    /// Calls per side and round of the overhead measurement, and calls of the recovery check.
    pub iterations: u32,
    /// Calls per stress thread at most, so a clock that does not advance cannot hang the run.
    pub stress_max_calls: u64,
}

impl Default for TestConfig {
    /// Everything on, 200 ms of stress on 4 threads, overhead up to 5 % of a round trip, 25 %
    /// injection, 90 % recovery, 20 000 iterations.
    fn default() -> Self {
        TestConfig {
            enable_performance_monitoring: true,
            enable_error_injection: true,
            stress_test_duration: Duration::from_millis(200),
            memory_pressure_level: MemoryPressure::Medium,
            concurrent_test_threads: 4,
            performance_overhead_threshold: 0.05,
            round_trips: host_round_trips(),
            error_injection_rate: 250_000,
            min_recovery_rate: 0.9,
            iterations: 20_000,
            stress_max_calls: 5_000_000,
        }
    }
}

/// A host system call as the round trip, with `std`.
#[cfg(feature = "std")]
fn host_round_trips() -> Option<fn(u32)> {
    extern crate std;
    Some(|n| {
        for _ in 0..n {
            core::hint::black_box(std::process::id());
        }
    })
}

/// No round trip without `std`: the kernel passes its own.
#[cfg(not(feature = "std"))]
fn host_round_trips() -> Option<fn(u32)> {
    None
}
