//! The optimisation settings in force, read from the runtime's state.

use core::fmt;

use crate::{perf, table, trace};

/// What the runtime does on the syscall path right now, and what was decided at compile time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptimizationSettings {
    /// Instrumentation is compiled into thunks (the `instrument` cargo feature).
    pub instrumentation_compiled: bool,
    /// The global instrumentation switch ([`perf::enable`]/[`perf::disable`]).
    pub instrumentation_enabled: bool,
    /// One call in this many is timed; 0: counts only ([`perf::set_sample_period`]).
    pub sample_period: u32,
    /// The global trace switch ([`trace::enable`]/[`trace::disable`]).
    pub tracing_enabled: bool,
    /// Handlers marked `fast`: their thunks carry no instrumentation.
    pub fast_handlers: usize,
    /// Handlers marked `hot`: their thunks live in [`OptimizationSettings::HOT_SECTION`].
    pub hot_handlers: usize,
    /// Handlers whose instrumentation is switched off one by one
    /// ([`perf::set_syscall_enabled`]).
    pub disabled_handlers: usize,
}

impl OptimizationSettings {
    /// The link section of `hot` thunks.
    pub const HOT_SECTION: &'static str = ".text.hot.sysgate";

    /// Reads the settings in force.
    pub fn current() -> OptimizationSettings {
        let (mut fast, mut hot, mut disabled) = (0, 0, 0);
        for d in table::table().iter() {
            fast += usize::from(d.fast);
            hot += usize::from(d.hot);
            disabled += usize::from(!d.fast && !d.stats.is_enabled());
        }
        OptimizationSettings {
            instrumentation_compiled: cfg!(feature = "instrument"),
            instrumentation_enabled: perf::is_enabled(),
            sample_period: perf::sample_period(),
            tracing_enabled: trace::is_enabled(),
            fast_handlers: fast,
            hot_handlers: hot,
            disabled_handlers: disabled,
        }
    }
}

impl fmt::Display for OptimizationSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let on = |b: bool| if b { "on" } else { "off" };
        write!(
            f,
            "instrumentation {} (compiled {}), sampling 1/{}, tracing {}, {} fast, {} hot ({}), {} switched off",
            on(self.instrumentation_enabled),
            on(self.instrumentation_compiled),
            self.sample_period,
            on(self.tracing_enabled),
            self.fast_handlers,
            self.hot_handlers,
            Self::HOT_SECTION,
            self.disabled_handlers,
        )
    }
}
