//! What is installed and what it has done.

use core::fmt;

use super::{EntryPoint, OptimizationSettings};
use crate::{table, trace};

/// The interface's view of the running system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterfaceStatus {
    /// The entry of the running architecture (`None` on an unsupported one).
    pub entry: Option<EntryPoint>,
    /// Handlers in the dispatch table.
    pub handlers: usize,
    /// Calls counted by instrumentation, over every handler.
    pub calls: u64,
    /// Of those, calls that failed.
    pub errors: u64,
    /// Calls to numbers with no handler.
    pub unknown: u64,
    /// Calls traced since the trace was last cleared.
    pub traced: u64,
    /// The settings in force.
    pub settings: OptimizationSettings,
}

impl InterfaceStatus {
    /// Reads the status now.
    pub fn current() -> InterfaceStatus {
        let t = table::table();
        let (calls, errors) = t.iter().fold((0, 0), |(c, e), d| {
            (c + d.stats.calls(), e + d.stats.errors())
        });
        InterfaceStatus {
            entry: super::Arch::current().map(EntryPoint::of),
            handlers: t.len(),
            calls,
            errors,
            unknown: table::unknown_calls(),
            traced: trace::recorded(),
            settings: OptimizationSettings::current(),
        }
    }
}

impl fmt::Display for InterfaceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(e) => writeln!(f, "entry: {e}")?,
            None => writeln!(f, "entry: unsupported architecture")?,
        }
        writeln!(
            f,
            "handlers: {}; calls: {} ({} errors); unknown numbers: {}; traced: {}",
            self.handlers, self.calls, self.errors, self.unknown, self.traced
        )?;
        write!(f, "settings: {}", self.settings)
    }
}
