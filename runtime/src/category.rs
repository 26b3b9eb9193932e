//! The fixed set of syscall categories.

use core::fmt;

/// The area of the kernel a syscall belongs to.
///
/// `#[syscall(category = "…")]` takes the lower-case name; any other string is a compile
/// error that lists these. Policies ([`crate::policy`]) allow or deny whole categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Category {
    /// Files and descriptors: open, read, write, close.
    File,
    /// Processes and threads: getpid, exit, fork, wait.
    Process,
    /// Address space: mmap, brk, allocation.
    Memory,
    /// Inter-process communication: pipes, messages, futexes.
    Ipc,
    /// Sockets and networking.
    Network,
    /// Clocks, timers and sleeping.
    Time,
    /// Device control.
    Device,
    /// Whole-system operations: reboot, logging, information.
    System,
    /// Credentials, capabilities and privileged operations.
    Security,
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
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
