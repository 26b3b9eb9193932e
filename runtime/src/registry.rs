//! Questions about the registered syscalls: by number, by name, by search, in summary.

use core::fmt;

use crate::table::{self, SyscallTable};
use crate::{Category, SyscallDesc};

/// Everything known about one syscall.
pub type SyscallInfo = SyscallDesc;

/// The syscall with number `nr`.
pub fn get_syscall_info(nr: usize) -> Option<&'static SyscallInfo> {
    table::table().get(nr)
}

/// The syscall named `name` (exact match).
pub fn get_syscall_by_name(name: &str) -> Option<&'static SyscallInfo> {
    get_all_syscalls().find(|d| d.name == name)
}

/// Every installed syscall, in number order.
pub fn get_all_syscalls() -> impl Iterator<Item = &'static SyscallInfo> {
    table::table().iter()
}

/// The syscalls in `category`, in number order.
pub fn get_syscalls_in(category: Category) -> impl Iterator<Item = &'static SyscallInfo> {
    get_all_syscalls().filter(move |d| d.category == category)
}

/// The syscalls whose name, description or category contains `query`, ignoring ASCII case,
/// in number order. An empty query matches every syscall.
pub fn search_syscalls(query: &str) -> impl Iterator<Item = &'static SyscallInfo> + '_ {
    get_all_syscalls().filter(move |d| {
        contains_ignore_case(d.name, query)
            || contains_ignore_case(d.doc, query)
            || contains_ignore_case(d.category.as_str(), query)
    })
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Counts over the installed syscalls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegistryStatistics {
    /// Installed syscalls.
    pub total: usize,
    /// Syscalls per category, indexed by [`Category::index`].
    pub per_category: [usize; Category::ALL.len()],
    /// Syscalls per number of parameters (0 to 6).
    pub per_arity: [usize; 7],
    /// Syscalls with a recovery strategy other than `none`.
    pub with_recovery: usize,
    /// Syscalls marked `fast`.
    pub fast: usize,
    /// The highest installed number.
    pub highest_nr: Option<usize>,
    /// Problems found when building the table.
    pub problems: usize,
}

impl RegistryStatistics {
    /// The count for one category.
    pub fn in_category(&self, category: Category) -> usize {
        self.per_category[category.index()]
    }
}

/// Counts the installed syscalls per category and arity.
pub fn get_syscall_statistics() -> RegistryStatistics {
    statistics_of(&table::NATIVE)
}

/// Counts the syscalls installed in `table` per category and arity.
pub fn statistics_of(table: &'static SyscallTable) -> RegistryStatistics {
    let mut s = RegistryStatistics {
        problems: table.table().problems().total(),
        ..RegistryStatistics::default()
    };
    for d in table.table().iter() {
        s.total += 1;
        s.per_category[d.category.index()] += 1;
        s.per_arity[d.arity().min(6)] += 1;
        s.with_recovery += usize::from(d.recovery != crate::Recovery::None);
        s.fast += usize::from(d.fast);
        s.highest_nr = Some(d.nr);
    }
    s
}

/// Formats one syscall as its signature: `write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno>`.
pub struct Signature<'a>(pub &'a SyscallInfo);

impl fmt::Display for Signature<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.0.name)?;
        for (i, a) in self.0.args.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{}: {}", a.name, a.ty)?;
        }
        write!(f, ") -> {}", self.0.ret)
    }
}

/// Writes the registry as a table: number, category, recovery, flags, signature, summary.
pub fn write_table(out: &mut dyn fmt::Write) -> fmt::Result {
    write_table_of(&table::NATIVE, out)
}

/// Writes the registry of `table` the way [`write_table`] writes the native one's, under a
/// line naming the table and its argument decoding.
pub fn write_table_of(table: &'static SyscallTable, out: &mut dyn fmt::Write) -> fmt::Result {
    writeln!(
        out,
        "table `{}` ({} argument decoding)",
        table.name(),
        table.decoding().name()
    )?;
    writeln!(
        out,
        "{:>4}  {:<9} {:<11} {:<5} signature",
        "nr", "category", "recovery", "flags"
    )?;
    for d in table.table().iter() {
        let flags = match (d.fast, d.hot) {
            (true, true) => "fast,hot",
            (true, false) => "fast",
            (false, true) => "hot",
            (false, false) => "-",
        };
        writeln!(
            out,
            "{:>4}  {:<9} {:<11} {:<5} {}",
            d.nr,
            d.category.as_str(),
            d.recovery.name(),
            flags,
            Signature(d)
        )?;
        if !d.doc.is_empty() {
            writeln!(out, "{:>4}  {}", "", d.summary())?;
        }
    }
    let s = statistics_of(table);
    write!(out, "{} syscalls:", s.total)?;
    for c in Category::ALL {
        if s.in_category(c) > 0 {
            write!(out, " {}={}", c, s.in_category(c))?;
        }
    }
    writeln!(out)?;
    if let Err(problems) = table.init() {
        write!(out, "{problems}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::contains_ignore_case;

    #[test]
    fn search_ignores_ascii_case() {
        assert!(contains_ignore_case("Write bytes", "WRITE"));
        assert!(contains_ignore_case("anything", ""));
        assert!(!contains_ignore_case("read", "reads"));
    }
}
