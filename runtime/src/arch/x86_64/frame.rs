//! The register frame saved by the syscall entry.

use core::fmt;

/// User registers saved on the kernel stack by [`super::syscall_entry`].
///
/// The layout matches Linux's `struct pt_regs`: general registers, the syscall number
/// (`orig_rax`), then an `iretq` frame. On entry `rcx` holds the user `rip` and `r11` the user
/// rflags (the `syscall` instruction puts them there); `rax` receives the result.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct SyscallFrame {
    pub r15: u64,
    pub r14: u64,
    pub r13: u64,
    pub r12: u64,
    pub rbp: u64,
    pub rbx: u64,
    pub r11: u64,
    pub r10: u64,
    pub r9: u64,
    pub r8: u64,
    pub rax: u64,
    pub rcx: u64,
    pub rdx: u64,
    pub rsi: u64,
    pub rdi: u64,
    /// The syscall number as the user passed it in `rax`.
    pub orig_rax: u64,
    pub rip: u64,
    pub cs: u64,
    pub rflags: u64,
    pub rsp: u64,
    pub ss: u64,
}

impl SyscallFrame {
    /// Size of the frame in bytes, as pushed by the entry.
    pub const SIZE: usize = core::mem::size_of::<Self>();

    /// The syscall number.
    pub fn nr(&self) -> usize {
        self.orig_rax as usize
    }

    /// The six argument registers in ABI order: `rdi, rsi, rdx, r10, r8, r9`.
    pub fn args(&self) -> [usize; 6] {
        [self.rdi, self.rsi, self.rdx, self.r10, self.r8, self.r9].map(|r| r as usize)
    }
}

impl fmt::Display for SyscallFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: [[(&str, u64); 3]; 7] = [
            [("nr", self.orig_rax), ("rax", self.rax), ("rip", self.rip)],
            [("rdi", self.rdi), ("rsi", self.rsi), ("rdx", self.rdx)],
            [("r10", self.r10), ("r8", self.r8), ("r9", self.r9)],
            [("rbx", self.rbx), ("rbp", self.rbp), ("rsp", self.rsp)],
            [("r12", self.r12), ("r13", self.r13), ("r14", self.r14)],
            [("r15", self.r15), ("rcx", self.rcx), ("r11", self.r11)],
            [("cs", self.cs), ("ss", self.ss), ("rflags", self.rflags)],
        ];
        for row in rows {
            for (i, (name, value)) in row.iter().enumerate() {
                if i > 0 {
                    f.write_str("  ")?;
                }
                write!(f, "{name:>6}={value:#018x}")?;
            }
            f.write_str("\n")?;
        }
        Ok(())
    }
}
