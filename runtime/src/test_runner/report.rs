//! The structured result of a test run and its printable summary.

use core::fmt;

/// How one check ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Measured within its threshold.
    Passed,
    /// Measured outside its threshold, an exact count did not match, or nothing was measured.
    Failed,
    /// Not run: switched off by the configuration (or instrumentation compiled out).
    Skipped,
}

/// The result of one check: what was measured against what limit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CheckResult {
    /// The check's name.
    pub name: &'static str,
    /// How it ended.
    pub status: Status,
    /// The measured value.
    pub measured: f64,
    /// The limit the value was compared with.
    pub threshold: f64,
    /// How `measured` compares with `threshold` to pass (`"=="`, `"<="`, `">="`).
    pub relation: &'static str,
    /// The unit of both values.
    pub unit: &'static str,
    /// Why the check failed or was skipped when the values do not say it (`"nothing
    /// injected"`), else empty.
    pub note: &'static str,
}

impl CheckResult {
    /// A check switched off, with the reason.
    pub(super) const fn skipped(name: &'static str, note: &'static str) -> Self {
        CheckResult {
            name,
            status: Status::Skipped,
            measured: 0.0,
            threshold: 0.0,
            relation: "",
            unit: "",
            note,
        }
    }

    /// A check that could not measure what it checks: a failure, with the reason.
    pub(super) const fn nothing_measured(name: &'static str, note: &'static str) -> Self {
        CheckResult {
            name,
            status: Status::Failed,
            measured: 0.0,
            threshold: 0.0,
            relation: "",
            unit: "",
            note,
        }
    }

    /// A check that compared `measured` with `threshold` (`relation`), failed unless `ok`.
    pub(super) const fn compared(
        name: &'static str,
        ok: bool,
        measured: f64,
        relation: &'static str,
        threshold: f64,
        unit: &'static str,
    ) -> Self {
        CheckResult {
            name,
            status: if ok { Status::Passed } else { Status::Failed },
            measured,
            threshold,
            relation,
            unit,
            note: "",
        }
    }

    /// Whether the check passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }
}

/// The number of checks in a [`TestReport`].
pub const CHECKS: usize = 6;

/// Every check of one run, in the order they ran.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TestReport {
    /// The checks: integration, errno mapping, overhead, recovery, stress, memory.
    pub checks: [CheckResult; CHECKS],
    /// Syscalls dispatched by the stress check, over all threads.
    pub stress_calls: u64,
    /// Threads the stress check ran on.
    pub stress_threads: usize,
}

impl TestReport {
    /// The check named `name`.
    pub fn check(&self, name: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.name == name)
    }

    /// Whether no check failed (skipped checks do not fail a run).
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.status != Status::Failed)
    }

    fn count(&self, status: Status) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }
}

impl fmt::Display for TestReport {
    /// One line per check, then the verdict; writes into any `fmt::Write`, never allocates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.checks {
            let tag = match c.status {
                Status::Passed => "PASS",
                Status::Failed => "FAIL",
                Status::Skipped => "SKIP",
            };
            write!(f, "{tag}  {:<24}", c.name)?;
            if !c.relation.is_empty() {
                write!(
                    f,
                    " measured {} {} {} {}",
                    Num(c.measured),
                    c.relation,
                    Num(c.threshold),
                    c.unit
                )?;
            }
            if !c.note.is_empty() {
                write!(f, " ({})", c.note)?;
            }
            writeln!(f)?;
        }
        writeln!(
            f,
            "stress: {} calls on {} thread(s)",
            self.stress_calls, self.stress_threads
        )?;
        write!(
            f,
            "test runner: {} passed, {} failed, {} skipped: {}",
            self.count(Status::Passed),
            self.count(Status::Failed),
            self.count(Status::Skipped),
            if self.passed() { "PASS" } else { "FAIL" }
        )
    }
}

/// A value printed as an integer when it is one, else with three decimals.
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if (-1e15..=1e15).contains(&self.0) && self.0 == (self.0 as i64) as f64 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{:.3}", self.0)
        }
    }
}
