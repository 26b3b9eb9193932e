//! Linux 6.12 measured on the same emulator as sysgate: Debian's kernel packages, fetched with
//! `apt-get download` through a private apt configuration, boot a freestanding `/init`
//! (`tools/linux-init`) in an initramfs under `-icount shift=0`; it prints guest instructions
//! per system-call round trip with the same user loop as sysgate's benchmark.
//!
//! Everything lives under `<target>/linux`: the apt state, the packages, the extracted kernels,
//! the `/init` builds and the results, each keyed by what produced it, so a rerun boots nothing.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::cpio::{self, Entry};
use crate::{Accel, Arch, BootOptions, Error, cargo, workspace_root};

/// The Debian kernel an architecture is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kernel {
    /// Debian package, with its architecture qualifier.
    pub package: &'static str,
    /// Debian suite the package comes from (a `debian-security` suite).
    pub suite: &'static str,
    /// The kernel image inside the package.
    pub image: &'static str,
    /// QEMU machine arguments (`-kernel` and `-initrd` follow).
    pub machine: &'static [&'static str],
    /// The serial console's name on the kernel command line.
    pub console: &'static str,
}

/// The Debian kernel for `arch`.
pub fn kernel(arch: &Arch) -> Kernel {
    match arch.name {
        "x86_64" => Kernel {
            package: "linux-image-6.12.117+deb12-cloud-amd64:amd64",
            suite: "bookworm-security",
            image: "./boot/vmlinuz-6.12.117+deb12-cloud-amd64",
            machine: &["-M", "q35", "-m", "512M"],
            console: "ttyS0",
        },
        "aarch64" => Kernel {
            package: "linux-image-6.12.117+deb12-cloud-arm64:arm64",
            suite: "bookworm-security",
            image: "./boot/vmlinuz-6.12.117+deb12-cloud-arm64",
            machine: &["-M", "virt", "-cpu", "cortex-a72", "-m", "512M"],
            console: "ttyAMA0",
        },
        _ => Kernel {
            package: "linux-image-6.12.118+deb13-riscv64:riscv64",
            suite: "trixie-security",
            image: "./boot/vmlinux-6.12.118+deb13-riscv64",
            machine: &["-M", "virt", "-bios", "default", "-m", "512M"],
            console: "ttyS0",
        },
    }
}

/// A kernel command line the benchmark boots with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmdline {
    /// Debian's defaults.
    Default,
    /// `mitigations=off kpti=0 randomize_kstack_offset=off`: Linux's leanest syscall path.
    Lean,
}

impl Cmdline {
    /// Its name in the benchmark's lines.
    pub fn name(self) -> &'static str {
        match self {
            Cmdline::Default => "default",
            Cmdline::Lean => "lean",
        }
    }

    fn args(self, kernel: &Kernel) -> String {
        let base = format!("console={} rdinit=/init panic=-1 quiet", kernel.console);
        match self {
            Cmdline::Default => base,
            Cmdline::Lean => format!("{base} mitigations=off kpti=0 randomize_kstack_offset=off"),
        }
    }
}

/// Guest instructions per round trip, as `/init` measured them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    /// A four-instruction loop: reads 4.00 when the counter scaling is right.
    pub calibration: f64,
    /// A number beyond the syscall table (`ENOSYS`, no handler).
    pub enosys: f64,
    /// `getppid`, a real handler.
    pub getppid: f64,
}

impl Figures {
    /// Parses `/init`'s `linux-bench:` lines; `None` unless all three and `done` are there.
    pub fn parse(serial: &str) -> Option<Figures> {
        let value = |what: &str| {
            serial
                .lines()
                .filter_map(|l| l.trim_end().strip_prefix("linux-bench: "))
                .find_map(|l| l.strip_prefix(what)?.strip_prefix(' ')?.parse().ok())
        };
        let done = serial.lines().any(|l| l.trim_end() == "linux-bench: done");
        done.then_some(())?;
        Some(Figures {
            calibration: value("calibration")?,
            enosys: value("enosys")?,
            getppid: value("getppid")?,
        })
    }
}

pub(crate) fn linux_dir() -> PathBuf {
    crate::kernel_target_dir().with_file_name("linux")
}

pub(crate) fn run(cmd: &mut Command, what: &str) -> Result<(), Error> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::Unavailable(format!("cannot run {what}: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    Err(Error::Unavailable(format!(
        "{what} failed ({}): {}",
        out.status,
        last.unwrap_or("no message")
    )))
}

/// The `debian-security` archive the machine's own apt sources name, else Debian's.
fn security_archive() -> String {
    archive("/debian-security")
}

/// The Debian archive the machine's own apt sources name whose URI ends in `suffix`
/// (`/debian`, `/debian-security`), else Debian's.
pub(crate) fn archive(suffix: &str) -> String {
    let mut sources = String::new();
    if let Ok(dir) = std::fs::read_dir("/etc/apt/sources.list.d") {
        for entry in dir.flatten() {
            sources += &std::fs::read_to_string(entry.path()).unwrap_or_default();
        }
    }
    sources += &std::fs::read_to_string("/etc/apt/sources.list").unwrap_or_default();
    sources
        .split_whitespace()
        .find(|w| w.starts_with("http") && w.trim_end_matches('/').ends_with(suffix))
        .map_or_else(
            || format!("http://deb.debian.org{suffix}"),
            |w| w.trim_end_matches('/').to_string(),
        )
}

/// Writes the private apt configuration for the kernels' `debian-security` suites and returns
/// its path; the machine's is never touched.
fn apt_config(dir: &Path) -> Result<PathBuf, Error> {
    let archive = security_archive();
    let suites = [
        (archive.as_str(), "bookworm-security"),
        (&archive, "trixie-security"),
    ];
    private_apt_config(dir, &suites)
}

/// Writes a private apt configuration in `dir` whose sources are `suites` (archive URI,
/// suite; component `main`), for amd64, arm64 and riscv64, and returns its path.
pub(crate) fn private_apt_config(dir: &Path, suites: &[(&str, &str)]) -> Result<PathBuf, Error> {
    let io = |e: std::io::Error| Error::Unavailable(format!("{}: {e}", dir.display()));
    for sub in ["lists/partial", "cache/archives/partial"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(io)?;
    }
    let keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
    let sources: String = suites
        .iter()
        .map(|(archive, suite)| format!("deb [signed-by={keyring}] {archive} {suite} main\n"))
        .collect();
    std::fs::write(dir.join("sources.list"), sources).map_err(io)?;
    let config = format!(
        "Dir::Etc::SourceList \"{d}/sources.list\";\n\
         Dir::Etc::SourceParts \"/dev/null\";\n\
         Dir::State::Lists \"{d}/lists\";\n\
         Dir::Cache \"{d}/cache\";\n\
         APT::Architectures {{ \"amd64\"; \"arm64\"; \"riscv64\"; }};\n\
         APT::Sandbox::User \"root\";\n",
        d = dir.display()
    );
    let path = dir.join("apt.conf");
    std::fs::write(&path, config).map_err(io)?;
    Ok(path)
}

/// The kernel image for `arch`, fetched and extracted on first use.
pub fn fetch_kernel(arch: &Arch) -> Result<PathBuf, Error> {
    let k = kernel(arch);
    let dir = linux_dir().join(arch.name);
    let image = dir.join(Path::new(k.image).file_name().expect("image has a name"));
    if image.is_file() {
        return Ok(image);
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Unavailable(format!("{}: {e}", dir.display())))?;
    let config = apt_config(&linux_dir().join("apt"))?;
    let deb = download(&config, &dir, k.package, k.suite)?;
    extract(&deb, k.image, &image)?;
    let _ = std::fs::remove_file(&deb);
    Ok(image)
}

/// Downloads `package` (`name:arch=version` or `name:arch`, from `suite`) into `dir` with the
/// private apt configuration `config` (`apt-get update`, then `apt-get download`); returns the
/// `.deb`'s path.
pub(crate) fn download(
    config: &Path,
    dir: &Path,
    package: &str,
    suite: &str,
) -> Result<PathBuf, Error> {
    let apt_get = |args: &[&str]| {
        let mut cmd = Command::new("apt-get");
        cmd.env("APT_CONFIG", config).args(args).current_dir(dir);
        cmd
    };
    run(&mut apt_get(&["-q", "update"]), "apt-get update")?;
    run(
        &mut apt_get(&["-q", "download", package]),
        &format!("apt-get download {package} ({suite})"),
    )?;
    let name = package.split(':').next().expect("a package name");
    std::fs::read_dir(dir)
        .map_err(|e| Error::Unavailable(e.to_string()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "deb")
                && p.file_name()
                    .is_some_and(|f| f.to_string_lossy().starts_with(&format!("{name}_")))
        })
        .ok_or_else(|| Error::Unavailable(format!("apt-get download left no {name}_*.deb")))
}

/// Extracts `member` of the package `deb` to `to` (`dpkg-deb --fsys-tarfile | tar -xO`).
pub(crate) fn extract(deb: &Path, member: &str, to: &Path) -> Result<(), Error> {
    let mut dpkg = Command::new("dpkg-deb")
        .arg("--fsys-tarfile")
        .arg(deb)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Unavailable(format!("cannot run dpkg-deb: {e}")))?;
    let tar = Command::new("tar")
        .args(["-xO", member])
        .stdin(dpkg.stdout.take().expect("piped"))
        .output()
        .map_err(|e| Error::Unavailable(format!("cannot run tar: {e}")))?;
    let dpkg_ok = dpkg.wait().is_ok_and(|s| s.success());
    if !(dpkg_ok && tar.status.success() && !tar.stdout.is_empty()) {
        return Err(Error::Unavailable(format!(
            "no {member} in {}",
            deb.display()
        )));
    }
    let partial = to.with_extension("partial");
    std::fs::write(&partial, &tar.stdout)
        .and_then(|()| std::fs::rename(&partial, to))
        .map_err(|e| Error::Unavailable(format!("{}: {e}", to.display())))
}

/// Builds `/init` for `arch` (release) and returns the ELF's path.
pub fn build_init(arch: &Arch) -> Result<PathBuf, Error> {
    let target_dir = linux_dir().join("init");
    let status = Command::new(cargo())
        .arg("build")
        .arg("--release")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(workspace_root().join("tools/linux-init/Cargo.toml"))
        .arg("--target")
        .arg(arch.user_triple)
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| Error::Build(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(Error::Build(format!("/init: cargo exited with {status}")));
    }
    Ok(target_dir
        .join(arch.user_triple)
        .join("release/sysgate-linux-init"))
}

/// The initramfs: `/dev/console` (so the kernel opens fds 0–2 for `/init`) and `/init`.
pub fn initramfs(init: &[u8]) -> Vec<u8> {
    cpio::newc(&[
        Entry::Dir("dev"),
        Entry::CharDevice("dev/console", 5, 1),
        Entry::Executable("init", init),
    ])
}

/// The QEMU command that boots `image` with `initrd` and `cmdline` under `-icount shift=0`.
pub fn qemu_command(
    arch: &Arch,
    image: &Path,
    initrd: &Path,
    cmdline: Cmdline,
    serial_log: &Path,
) -> Command {
    let k = kernel(arch);
    let mut cmd = Command::new(arch.qemu);
    cmd.args(k.machine)
        .args(["-accel", "tcg", "-icount", "shift=0"])
        .args([
            "-display",
            "none",
            "-monitor",
            "none",
            "-no-reboot",
            "-nic",
            "none",
        ])
        .arg("-serial")
        .arg(format!("file:{}", serial_log.display()))
        .arg("-kernel")
        .arg(image)
        .arg("-initrd")
        .arg(initrd)
        .arg("-append")
        .arg(cmdline.args(&k));
    cmd
}

/// Linux's figures for `arch` with the lean and the default command line, each through
/// [`measure`] (so from the cache when it can).
pub fn measure_both(arch: &Arch, timeout: Duration) -> Result<(Figures, Figures), Error> {
    Ok((
        measure(arch, Cmdline::Lean, timeout)?,
        measure(arch, Cmdline::Default, timeout)?,
    ))
}

/// Linux's figures for `arch` booted with `cmdline`: from the cache when the same kernel,
/// `/init` and QEMU command produced them before, else from [`boot`].
pub fn measure(arch: &Arch, cmdline: Cmdline, timeout: Duration) -> Result<Figures, Error> {
    let setup = Setup::new(arch, cmdline)?;
    let cache = setup.dir.join(format!("figures-{}.txt", cmdline.name()));
    if let Some(serial) = std::fs::read_to_string(&cache).ok().and_then(|c| {
        c.strip_prefix(&format!("{}\n", setup.key))
            .map(str::to_string)
    }) && let Some(figures) = Figures::parse(&serial)
    {
        return Ok(figures);
    }
    let key = setup.key.clone();
    let (figures, lines) = setup.boot(timeout)?;
    std::fs::write(&cache, format!("{key}\n{lines}")).map_err(|e| Error::Run(e.to_string()))?;
    Ok(figures)
}

/// Fetches the kernel, builds `/init` and boots them, ignoring the cache.
pub fn boot(arch: &Arch, cmdline: Cmdline, timeout: Duration) -> Result<Figures, Error> {
    Ok(Setup::new(arch, cmdline)?.boot(timeout)?.0)
}

/// What one measurement boots, and the cache key naming it.
struct Setup {
    arch: Arch,
    cmdline: Cmdline,
    dir: PathBuf,
    init: Vec<u8>,
    initrd: PathBuf,
    serial_log: PathBuf,
    command: Command,
    key: String,
}

impl Setup {
    fn new(arch: &Arch, cmdline: Cmdline) -> Result<Setup, Error> {
        crate::check_available(arch)?;
        let image = fetch_kernel(arch)?;
        let init = std::fs::read(build_init(arch)?).map_err(|e| Error::Build(e.to_string()))?;
        let dir = linux_dir().join(arch.name);
        let initrd = dir.join(format!("initramfs-{}.cpio", cmdline.name()));
        let serial_log = dir.join(format!("serial-{}.log", cmdline.name()));
        let command = qemu_command(arch, &image, &initrd, cmdline, &serial_log);
        let mut h = std::hash::DefaultHasher::new();
        init.hash(&mut h);
        let key = format!("{} {:016x} {command:?}", kernel(arch).package, h.finish());
        Ok(Setup {
            arch: *arch,
            cmdline,
            dir,
            init,
            initrd,
            serial_log,
            command,
            key,
        })
    }

    /// Boots once; returns the figures and `/init`'s lines.
    fn boot(self, timeout: Duration) -> Result<(Figures, String), Error> {
        std::fs::write(&self.initrd, initramfs(&self.init))
            .map_err(|e| Error::Run(e.to_string()))?;
        let opts = BootOptions {
            accel: Accel::Tcg,
            icount: true,
            timeout,
            serial_log: self.serial_log,
        };
        let outcome = crate::run_qemu(&self.arch, self.command, &opts)?;
        let figures = Figures::parse(&outcome.serial).ok_or_else(|| {
            Error::Run(format!(
                "Linux {} ({}) printed no figures{}; serial log {}",
                self.arch.name,
                self.cmdline.name(),
                if outcome.timed_out { ", timed out" } else { "" },
                opts.serial_log.display()
            ))
        })?;
        let lines = outcome
            .serial
            .lines()
            .filter(|l| l.starts_with("linux-bench: "))
            .map(|l| format!("{l}\n"))
            .collect();
        Ok((figures, lines))
    }
}
