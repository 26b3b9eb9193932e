//! The fixed set of syscall categories.

use core::fmt;

/// The area of the kernel a syscall belongs to.
///
/// `#[syscall(category = "…")]` takes the lower-case name; any other string is a compile
/// error that lists these. Policies ([`crate::policy`]) allow or deny whole categories.
///
/// Each category's value is its bit in a [`Promises`](crate::policy::Promises) set, so the
/// policy check is one AND of two loaded values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
pub enum Category {
    /// Files and descriptors: open, read, write, close.
    File = 1 << 0,
    /// Processes and threads: getpid, exit, fork, wait.
    Process = 1 << 1,
    /// Address space: mmap, brk, allocation.
    Memory = 1 << 2,
    /// Inter-process communication: pipes, messages, futexes.
    Ipc = 1 << 3,
    /// Sockets and networking.
    Network = 1 << 4,
    /// Clocks, timers and sleeping.
    Time = 1 << 5,
    /// Device control.
    Device = 1 << 6,
    /// Whole-system operations: reboot, logging, information.
    System = 1 << 7,
    /// Credentials, capabilities and privileged operations.
    Security = 1 << 8,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 9] = [
        Category::File,
        Category::Process,
        Category::Memory,
        Category::Ipc,
        Category::Network,
        Category::Time,
        Category::Device,
        Category::System,
        Category::Security,
    ];

    /// The lower-case name used in the attribute (`"file"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::File => "file",
            Category::Process => "process",
            Category::Memory => "memory",
            Category::Ipc => "ipc",
            Category::Network => "network",
            Category::Time => "time",
            Category::Device => "device",
            Category::System => "system",
            Category::Security => "security",
        }
    }

    /// The category with this lower-case name.
    pub fn from_name(name: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The position of this category in [`Category::ALL`] (`0..9`).
    pub const fn index(self) -> usize {
        (self as u16).trailing_zeros() as usize
    }

    /// The category's bit in a promise set: `1 << index`.
    #[inline(always)]
    pub const fn bit(self) -> u16 {
        self as u16
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Category;

    #[test]
    fn index_is_the_position_and_bit_its_power_of_two() {
        for (i, c) in Category::ALL.into_iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(c.bit(), 1 << i);
            assert_eq!(Category::from_name(c.as_str()), Some(c));
        }
    }
}
