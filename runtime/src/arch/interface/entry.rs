//! Where the syscall entry is installed, and what the hardware register says right now.

use core::fmt;

use super::Arch;

/// Which of the runtime's entries a live register points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstalledEntry {
    /// The framework's entry: save a frame, call [`crate::dispatch`], restore.
    Framework,
    /// The benchmark floor: returns 0 at once.
    Minimal,
    /// Something that is not one of the runtime's entries (or nothing at all).
    Foreign,
}

/// The syscall entry of one architecture: its symbol and how the hardware finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryPoint {
    /// The architecture.
    pub arch: Arch,
    /// The runtime's symbol for the entry (an instruction, or the vector table holding it).
    pub symbol: &'static str,
    /// The register that installs it, and how.
    pub installed_via: &'static str,
    /// Offset of the syscall path from the register's value (AArch64: the "lower EL,
    /// AArch64, synchronous" vector).
    pub offset: usize,
    /// The register's current value, read on the running architecture in the kernel;
    /// `None` elsewhere (another architecture, a hosted build).
    pub register: Option<usize>,
    /// Which entry the register selects, when it could be read.
    pub installed: Option<InstalledEntry>,
}

impl EntryPoint {
    /// The entry of `arch`; reads the live register when `arch` is the running architecture
    /// of a bare-metal build.
    ///
    /// The read is privileged (`rdmsr`, `mrs vbar_el1`, `csrr stvec`): call it from the kernel.
    pub fn of(arch: Arch) -> EntryPoint {
        let (symbol, installed_via, offset) = match arch {
            Arch::X86_64 => (
                "syscall_entry",
                "MSR IA32_LSTAR (0xc000_0082), with EFER.SCE, STAR and SFMASK",
                0,
            ),
            Arch::Aarch64 => (
                "__sysgate_aarch64_vectors",
                "VBAR_EL1; svc #0 from EL0 enters at +0x400",
                0x400,
            ),
            Arch::Riscv64 => (
                "__sysgate_riscv64_trap_vector",
                "stvec (direct mode); ecall from U-mode has scause 8",
                0,
            ),
        };
        let live = if Some(arch) == Arch::current() {
            super::live::entry()
        } else {
            None
        };
        EntryPoint {
            arch,
            symbol,
            installed_via,
            offset,
            register: live.map(|(value, _)| value),
            installed: live.map(|(_, which)| which),
        }
    }

    /// The address a syscall instruction lands at, when the register could be read.
    pub fn address(&self) -> Option<usize> {
        self.register.map(|r| r + self.offset)
    }
}

impl fmt::Display for EntryPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} via {}",
            self.arch, self.symbol, self.installed_via
        )?;
        match (self.address(), self.installed) {
            (Some(at), Some(which)) => write!(f, "; entry at {at:#x} ({which:?})"),
            _ => f.write_str("; not readable here"),
        }
    }
}
