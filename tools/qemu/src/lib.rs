//! Builds the sysgate example kernel for an architecture, boots it in QEMU under a timeout,
//! captures the serial console to a file and judges the run by QEMU's exit status plus the
//! kernel's sentinel line.
//!
//! Used by the `sysgate-qemu` binary (the demo) and by the boot integration test.

pub mod readme;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub mod busybox;
pub mod cpio;
pub mod linux;

/// CPUs every boot has (`-smp`); the kernel must bring up all of them.
pub const CPUS: usize = 4;

/// The line the kernel prints last when every check passed.
pub const SENTINEL_PASS: &str = "SYSGATE-KERNEL: PASS";
/// The line the kernel prints last when a check failed.
pub const SENTINEL_FAIL: &str = "SYSGATE-KERNEL: FAIL";

/// How to build and boot the kernel on one architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arch {
    /// Name on the command line (`x86_64`).
    pub name: &'static str,
    /// Rust target triple of the kernel: one whose code uses no FP/SIMD registers, as Linux
    /// builds its kernels, so the entry need not save the user's.
    pub triple: &'static str,
    /// Rust target triple of user code (the example's user program, Linux's `/init`): the
    /// architecture's hard-float target, so user code uses the FP/SIMD registers the kernel
    /// must preserve.
    pub user_triple: &'static str,
    /// QEMU system emulator.
    pub qemu: &'static str,
    /// Machine arguments before `-kernel` (devices, memory, exit device).
    pub machine: &'static [&'static str],
    /// QEMU's exit status when the kernel reports success.
    pub pass_status: i32,
    /// Whether KVM can run this guest on an x86_64 host.
    pub kvm_capable: bool,
    /// The kernel's user memory, `start..end`: the user program must stay inside it.
    pub user_region: (u64, u64),
}

/// x86_64: QEMU `microvm` with SMEP and SMAP, PVH boot, `isa-debug-exit` (kernel writes 0x10:
/// status 33).
pub const X86_64: Arch = Arch {
    name: "x86_64",
    triple: "x86_64-unknown-none",
    user_triple: "x86_64-unknown-none",
    qemu: "qemu-system-x86_64",
    machine: &[
        "-M",
        "microvm",
        "-cpu",
        "qemu64,+smep,+smap",
        "-m",
        "128M",
        "-device",
        "isa-debug-exit,iobase=0xf4,iosize=0x04",
    ],
    pass_status: 33,
    kvm_capable: true,
    user_region: (0x0400_0000, 0x0480_0000),
};

/// AArch64: QEMU `virt` with a Cortex-A76 (ARMv8.2: PAN), kernel at EL1; semihosting `SYS_EXIT_EXTENDED`
/// gives QEMU's exit status (0 on success).
pub const AARCH64: Arch = Arch {
    name: "aarch64",
    triple: "aarch64-unknown-none-softfloat",
    user_triple: "aarch64-unknown-none",
    qemu: "qemu-system-aarch64",
    machine: &[
        "-M",
        "virt",
        "-cpu",
        "cortex-a76",
        "-m",
        "128M",
        "-semihosting-config",
        "enable=on,target=native",
    ],
    pass_status: 0,
    kvm_capable: false,
    user_region: (0x0400_0000, 0x0480_0000),
};

/// RISC-V: QEMU `virt` with OpenSBI (`-bios default`), kernel in S-mode; the `sifive_test`
/// device gives QEMU's exit status (0 on success).
pub const RISCV64: Arch = Arch {
    name: "riscv64",
    triple: "riscv64imac-unknown-none-elf",
    user_triple: "riscv64gc-unknown-none-elf",
    qemu: "qemu-system-riscv64",
    machine: &["-M", "virt", "-bios", "default", "-m", "128M"],
    pass_status: 0,
    kvm_capable: false,
    user_region: (0x0400_0000, 0x0480_0000),
};

/// Every architecture the example kernel boots on.
pub const ARCHES: &[Arch] = &[X86_64, AARCH64, RISCV64];

impl Arch {
    /// Looks an architecture up by name.
    pub fn by_name(name: &str) -> Option<Arch> {
        ARCHES.iter().copied().find(|a| a.name == name)
    }
}

/// The QEMU accelerator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accel {
    /// Software emulation (always available; the only one with `-icount`).
    Tcg,
    /// Hardware virtualisation.
    Kvm,
}

impl Accel {
    /// Picks the accelerator: `SYSGATE_ACCEL=tcg|kvm` if set, else KVM only when `/dev/kvm` is
    /// writable and a hardware KVM module (`kvm_intel`, `kvm_amd`) is loaded, else TCG. Returns
    /// the choice and why.
    pub fn choose(arch: &Arch) -> (Accel, String) {
        match std::env::var("SYSGATE_ACCEL").as_deref() {
            Ok("tcg") => return (Accel::Tcg, "SYSGATE_ACCEL=tcg".into()),
            Ok("kvm") => return (Accel::Kvm, "SYSGATE_ACCEL=kvm".into()),
            _ => {}
        }
        if !(arch.kvm_capable && cfg!(target_arch = "x86_64")) {
            return (
                Accel::Tcg,
                format!("no KVM for {} guests on this host", arch.name),
            );
        }
        let writable = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/kvm")
            .is_ok();
        let hardware = ["/sys/module/kvm_intel", "/sys/module/kvm_amd"]
            .iter()
            .any(|m| Path::new(m).exists());
        match (writable, hardware) {
            (true, true) => (Accel::Kvm, "hardware KVM".into()),
            (false, _) => (Accel::Tcg, "/dev/kvm not writable".into()),
            (true, false) => (Accel::Tcg, "/dev/kvm is not hardware KVM".into()),
        }
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Accel::Tcg => &["-accel", "tcg"],
            Accel::Kvm => &["-accel", "kvm", "-cpu", "host"],
        }
    }
}

/// Why a boot could not be attempted or did not finish.
#[derive(Debug)]
pub enum Error {
    /// QEMU or the Rust target is missing: the boot is skipped, not failed.
    Unavailable(String),
    /// Building the kernel failed.
    Build(String),
    /// Running QEMU failed.
    Run(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unavailable(why) => write!(f, "unavailable: {why}"),
            Error::Build(why) => write!(f, "kernel build failed: {why}"),
            Error::Run(why) => write!(f, "QEMU run failed: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Target directory for kernel builds: `$CARGO_TARGET_DIR/kernel` or `<root>/target/kernel`,
/// separate from the host build so a nested cargo never waits on the outer one's lock.
pub fn kernel_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("kernel")
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Checks that QEMU and the Rust targets for `arch` (kernel and user code) are installed.
pub fn check_available(arch: &Arch) -> Result<(), Error> {
    if !on_path(arch.qemu) {
        return Err(Error::Unavailable(format!(
            "{} not found on PATH",
            arch.qemu
        )));
    }
    for triple in [arch.triple, arch.user_triple] {
        let out = Command::new("rustc")
            .args(["--print", "target-libdir", "--target", triple])
            .current_dir(workspace_root())
            .output()
            .map_err(|e| Error::Unavailable(format!("rustc: {e}")))?;
        let libdir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if !out.status.success() || !has_core(&libdir) {
            return Err(Error::Unavailable(format!(
                "Rust target {triple} not installed (rustup target add {triple})"
            )));
        }
    }
    Ok(())
}

fn has_core(libdir: &Path) -> bool {
    std::fs::read_dir(libdir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
    })
}

/// Builds the example kernel for `arch` (release, fat LTO in one codegen unit, so the kernel's
/// `sysgate::kernel!` hooks inline into the syscall path as a production kernel's would) and
/// returns the ELF's path.
pub fn build_kernel(arch: &Arch) -> Result<PathBuf, Error> {
    let target_dir = kernel_target_dir();
    let status = Command::new(cargo())
        .args([
            "build",
            "--release",
            "-p",
            "sysgate-example-kernel",
            "--target",
        ])
        .arg(arch.triple)
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(workspace_root())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env("CARGO_PROFILE_RELEASE_LTO", "fat")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1")
        .status()
        .map_err(|e| Error::Build(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(Error::Build(format!("cargo exited with {status}")));
    }
    Ok(target_dir
        .join(arch.triple)
        .join("release")
        .join("sysgate-example-kernel"))
}

/// The user program's ELF from the last kernel build for `arch`.
pub fn user_elf(arch: &Arch) -> Option<PathBuf> {
    let elf = kernel_target_dir()
        .join("user-program")
        .join(arch.user_triple)
        .join("release/sysgate-example-user");
    elf.is_file().then_some(elf)
}

/// `llvm-objdump` from the toolchain's `llvm-tools` component, if installed.
pub fn llvm_objdump() -> Option<PathBuf> {
    let out = Command::new("rustc")
        .args(["--print", "sysroot"])
        .current_dir(workspace_root())
        .output()
        .ok()?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let lib = sysroot.join("lib/rustlib");
    std::fs::read_dir(lib)
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin/llvm-objdump"))
        .find(|p| p.is_file())
}

/// Direct branch and call targets in an `llvm-objdump -d` listing: `(instruction, target)`.
pub fn branch_targets(listing: &str) -> Vec<(String, u64)> {
    listing
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace().skip(1);
            let mnemonic = words.next()?;
            let branch = mnemonic.starts_with('j')
                || mnemonic.starts_with("call")
                || mnemonic.starts_with('b')
                || mnemonic.starts_with("cb")
                || mnemonic.starts_with("tb");
            // The target follows any register operands (`cbz x0, 0x…`, `bnez a0, 0x…`).
            let target = words.find_map(|w| w.strip_prefix("0x"))?;
            let target = u64::from_str_radix(target.trim_end_matches(','), 16).ok()?;
            branch.then(|| (line.trim().to_string(), target))
        })
        .collect()
}

/// FP/SIMD instructions in an `llvm-objdump -d` listing of code for `arch`, each as
/// `(function, instruction)`: AArch64 instructions naming a `b/h/s/d/q/v` register, FPCR or FPSR;
/// RISC-V instructions whose mnemonic starts with `f` (but `fence`); x86_64 instructions naming
/// an `xmm`, `ymm`, `zmm` or `mm` register. Disassemble RISC-V code with `--mattr=+d`, or its FP
/// instructions read `<unknown>`.
pub fn fp_instructions(arch: &Arch, listing: &str) -> Vec<(String, String)> {
    let mut function = String::new();
    let mut found = Vec::new();
    for line in listing.lines() {
        if let Some(name) = line.trim_end().strip_suffix(">:") {
            function = name.rsplit('<').next().unwrap_or(name).to_string();
            continue;
        }
        let Some((address, text)) = line.split_once(':') else {
            continue;
        };
        if u64::from_str_radix(address.trim(), 16).is_err() {
            continue;
        }
        // The instruction without a symbolic target (`<…>`) or comment (AArch64 immediates
        // start with `#`, its comments with `//`).
        let comment = if arch.name == "aarch64" { "//" } else { "#" };
        let text = text.split('<').next().unwrap_or("");
        let text = text.split(comment).next().unwrap_or("").trim();
        let mut words = text.split_whitespace();
        let Some(mnemonic) = words.next() else {
            continue;
        };
        let operands: Vec<&str> = words
            .flat_map(|w| w.split([',', '[', ']', '{', '}', '!', '(', ')']))
            .filter(|w| !w.is_empty())
            .collect();
        let uses_fp = match arch.name {
            "aarch64" => operands.iter().any(|op| {
                let reg = op.split('.').next().unwrap_or(op).to_ascii_lowercase();
                matches!(reg.as_str(), "fpcr" | "fpsr")
                    || reg.len() > 1
                        && reg.starts_with(['b', 'h', 's', 'd', 'q', 'v'])
                        && reg[1..].parse::<u8>().is_ok_and(|n| n < 32)
            }),
            "riscv64" => mnemonic.starts_with('f') && !mnemonic.starts_with("fence"),
            _ => operands.iter().any(|op| {
                let op = op.trim_start_matches('%');
                ["xmm", "ymm", "zmm", "mm"]
                    .iter()
                    .any(|p| op.strip_prefix(p).is_some_and(|n| n.parse::<u8>().is_ok()))
            }),
        };
        if uses_fp {
            found.push((function.clone(), text.to_string()));
        }
    }
    found
}

/// How to boot.
#[derive(Clone, Debug)]
pub struct BootOptions {
    /// Accelerator (see [`Accel::choose`]).
    pub accel: Accel,
    /// Add `-icount shift=0` (TCG only): one cycle-counter tick per guest instruction.
    pub icount: bool,
    /// Kill QEMU after this long.
    pub timeout: Duration,
    /// Where the serial console is captured.
    pub serial_log: PathBuf,
}

/// The result of one boot.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// QEMU's exit status (`None` if it was killed).
    pub status: Option<i32>,
    /// Whether the timeout killed QEMU.
    pub timed_out: bool,
    /// Everything the kernel printed on the serial console.
    pub serial: String,
    /// The exit status the architecture uses for success.
    pub pass_status: i32,
    /// The QEMU command line, for the log.
    pub command: String,
}

impl Outcome {
    /// Whether the kernel printed [`SENTINEL_PASS`].
    pub fn sentinel(&self) -> bool {
        self.serial.lines().any(|l| l.trim_end() == SENTINEL_PASS)
    }

    /// Passed: the success exit status and the sentinel line, no timeout.
    pub fn passed(&self) -> bool {
        !self.timed_out && self.status == Some(self.pass_status) && self.sentinel()
    }
}

/// The QEMU command for booting `kernel` on `arch`.
pub fn qemu_command(arch: &Arch, kernel: &Path, opts: &BootOptions) -> Command {
    let mut cmd = Command::new(arch.qemu);
    cmd.args(arch.machine)
        .args(opts.accel.args())
        .args(["-smp", &cpus(opts).to_string()])
        .args(["-display", "none", "-monitor", "none", "-no-reboot"])
        .arg("-serial")
        .arg(format!("file:{}", opts.serial_log.display()));
    if opts.icount {
        // `sleep=off`: idle time skips to the next timer event instead of passing in real time,
        // so a boot repeats to the instruction (RISC-V's 10 MHz timer otherwise shows it).
        cmd.args(["-icount", "shift=0,sleep=off"]);
    }
    cmd.arg("-kernel").arg(kernel);
    cmd
}

/// CPUs of a boot: [`CPUS`], but one under `-icount`. There QEMU 7.2 runs the CPUs round-robin
/// in one thread, and on RISC-V a secondary hart can stay asleep in OpenSBI's cold-boot wait
/// with its wake-up IPI pending (seen: hart 1 halted after `wfi` at the firmware's cold-boot
/// loop, harts 2 and 3 through it), so the kernel could not start it. The benchmark runs on the
/// boot CPU either way.
fn cpus(opts: &BootOptions) -> usize {
    if opts.icount { 1 } else { CPUS }
}

/// Boots `kernel` and waits for QEMU to exit or the timeout to pass.
pub fn boot(arch: &Arch, kernel: &Path, opts: &BootOptions) -> Result<Outcome, Error> {
    run_qemu(arch, qemu_command(arch, kernel, opts), opts)
}

/// Runs the QEMU command `cmd`, which writes the serial console to `opts.serial_log`, and
/// waits for it to exit or `opts.timeout` to pass.
pub(crate) fn run_qemu(
    arch: &Arch,
    mut cmd: Command,
    opts: &BootOptions,
) -> Result<Outcome, Error> {
    let command = format!("{cmd:?}").replace('"', "");
    let _ = std::fs::remove_file(&opts.serial_log);
    let mut child = cmd
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| Error::Run(format!("cannot start {}: {e}", arch.qemu)))?;
    let deadline = Instant::now() + opts.timeout;
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait().map_err(|e| Error::Run(e.to_string()))? {
            break (status.code(), false);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let serial = std::fs::read(&opts.serial_log)
        .map(|b| String::from_utf8_lossy(&b).replace("\r\n", "\n"))
        .unwrap_or_default();
    Ok(Outcome {
        status,
        timed_out,
        serial,
        pass_status: arch.pass_status,
        command,
    })
}

/// Parses the kernel's benchmark lines (`bench: <what> <ticks> x<ratio>`) into
/// `(what, ticks per round trip)`.
pub fn bench_results(serial: &str) -> Vec<(String, f64)> {
    prefixed_results(serial, "bench: ")
}

/// The kernel's `copy-bench:` lines: what was copied and ticks per 4 KiB copy, in order
/// (plain `copy_nonoverlapping`, `copy_to_user`, `copy_from_user`).
pub fn copy_bench_results(serial: &str) -> Vec<(String, f64)> {
    prefixed_results(serial, "copy-bench: ")
}

fn prefixed_results(serial: &str, prefix: &str) -> Vec<(String, f64)> {
    serial
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .filter_map(|l| {
            let mut words: Vec<&str> = l.split_whitespace().collect();
            words.pop()?;
            let ticks = words.pop()?.parse().ok()?;
            Some((words.join(" "), ticks))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{AARCH64, RISCV64, X86_64, fp_instructions};

    /// Function and instruction of each FP/SIMD line found in `listing`.
    fn found(arch: &super::Arch, listing: &str) -> Vec<(String, String)> {
        fp_instructions(arch, listing)
    }

    #[test]
    fn aarch64_fp_registers_are_found_and_general_ones_are_not() {
        let listing = "\
0000000040228000 <_ZN4kern4copy17h0E>:
40228000:      \tldp\tx8, x3, [x2, #0x10]
40228004:      \tb\t0x40228010 <_ZN4kern4copy17h0E+0x10>
40228008:      \tstp\tq0, q1, [x9, #0x20]
4022800c:      \tmsr\tFPCR, xzr
40228010:      \tsub\tsp, sp, #0x60
0000000040228014 <_ZN4kern5other17h1E>:
40228014:      \tfmov\td0, xzr
40228018:      \tmov\tv1.16b, v2.16b
";
        let fp = found(&AARCH64, listing);
        let instructions: Vec<&str> = fp.iter().map(|(_, i)| i.as_str()).collect();
        assert_eq!(
            instructions,
            [
                "stp\tq0, q1, [x9, #0x20]",
                "msr\tFPCR, xzr",
                "fmov\td0, xzr",
                "mov\tv1.16b, v2.16b"
            ]
        );
        assert_eq!(fp[0].0, "_ZN4kern4copy17h0E");
        assert_eq!(fp[2].0, "_ZN4kern5other17h1E");
    }

    #[test]
    fn riscv64_fp_mnemonics_are_found_but_fences_are_not() {
        let listing = "\
000000008021f61a <enter_user>:
8021f61a:      \tmv\tt1, a1
8021f64a:      \tfmv.d.x\tft0, zero
8021f64e:      \tfence\tr, rw
8021f652:      \tfsd\tfs0, 0x8(sp)
";
        let fp = found(&RISCV64, listing);
        let instructions: Vec<&str> = fp.iter().map(|(_, i)| i.as_str()).collect();
        assert_eq!(instructions, ["fmv.d.x\tft0, zero", "fsd\tfs0, 0x8(sp)"]);
        assert!(fp.iter().all(|(f, _)| f == "enter_user"));
    }

    #[test]
    fn x86_64_vector_registers_are_found() {
        let listing = "\
0000000000121000 <handle>:
  121000:      \txorps\txmm0, xmm0
  121003:      \tmov\trax, qword ptr [rip + 0x10]
  12100a:      \tmovups\txmmword ptr [r14], xmm1
";
        let fp = found(&X86_64, listing);
        assert_eq!(fp.len(), 2, "{fp:?}");
    }
}
