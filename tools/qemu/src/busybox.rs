//! The Linux personality's harness: fetches Debian's `busybox-static` (an unmodified static
//! Linux program), boots the example kernel with it (placed in RAM by QEMU's loader, like an
//! initrd) and an argument vector per run (on the kernel command line), and splits
//! the serial console into the program's standard output, its standard error, each run's exit
//! status and the kernel's own messages.
//!
//! The package comes from `apt-get download` through a private apt configuration (amd64 and
//! arm64 from bookworm, riscv64 from trixie), is checked against a pinned sha256 and extracted
//! with `dpkg-deb` under `<target>/busybox`; it is never part of the repository.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use crate::linux::{archive, download, extract, linux_dir, private_apt_config, run};
use crate::{Accel, Arch, BootOptions, Error};

/// The Debian package for an architecture, pinned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Package {
    /// `name:arch=version`.
    pub package: &'static str,
    /// The suite it comes from.
    pub suite: &'static str,
    /// The binary inside the package.
    pub member: &'static str,
    /// The binary's sha256.
    pub sha256: &'static str,
}

/// The pinned `busybox-static` for `arch`.
pub fn package(arch: &Arch) -> Package {
    match arch.name {
        "x86_64" => Package {
            package: "busybox-static:amd64=1:1.35.0-4+deb12u1+b1",
            suite: "bookworm",
            member: "./bin/busybox",
            sha256: "3d9f2889d6782537624a4e1a10e68a2ddd53e0ee8bac02676f27308f42ec6bf6",
        },
        "aarch64" => Package {
            package: "busybox-static:arm64=1:1.35.0-4+deb12u1+b1",
            suite: "bookworm",
            member: "./bin/busybox",
            sha256: "61781806ad3650b0b9d2b3fc6971e2bffdca967af1a95375abd0578bafff14fb",
        },
        _ => Package {
            package: "busybox-static:riscv64=1:1.37.0-6+b9",
            suite: "trixie",
            member: "./usr/bin/busybox",
            sha256: "659d3048d0849dcd03308ece5214c896f657dde1c76ab7a30e9727e3ed8d309b",
        },
    }
}

/// Where the program image's loader places it in guest RAM (the kernel's `LINUX_IMAGE`).
pub fn image_address(arch: &Arch) -> u64 {
    match arch.name {
        "x86_64" => 0x200_0000,
        "aarch64" => 0x4600_0000,
        _ => 0x8600_0000,
    }
}

fn busybox_dir() -> PathBuf {
    linux_dir().with_file_name("busybox")
}

fn sha256(path: &Path) -> Result<String, Error> {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .map_err(|e| Error::Unavailable(format!("cannot run sha256sum: {e}")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.split_whitespace().next().unwrap_or("").to_string())
}

/// The busybox binary for `arch`, fetched, checked and extracted on first use. Fetches are
/// one at a time (apt locks its state directory).
pub fn fetch(arch: &Arch) -> Result<PathBuf, Error> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _fetching = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let p = package(arch);
    let dir = busybox_dir().join(arch.name);
    let binary = dir.join("busybox");
    if binary.is_file() && sha256(&binary)? == p.sha256 {
        return Ok(binary);
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Unavailable(format!("{}: {e}", dir.display())))?;
    let main = archive("/debian");
    let config = private_apt_config(
        &busybox_dir().join("apt"),
        &[(main.as_str(), "bookworm"), (&main, "trixie")],
    )?;
    let deb = download(&config, &dir, p.package, p.suite)?;
    extract(&deb, p.member, &binary)?;
    let _ = std::fs::remove_file(&deb);
    let got = sha256(&binary)?;
    if got != p.sha256 {
        let _ = std::fs::remove_file(&binary);
        return Err(Error::Unavailable(format!(
            "{} has sha256 {got}, expected {}",
            p.package, p.sha256
        )));
    }
    run(
        Command::new("chmod").arg("-w").arg(&binary),
        "chmod the busybox binary",
    )?;
    Ok(binary)
}

/// Flag of the program image: trace every Linux call and print the trace after each run.
pub const TRACE: u64 = 1;

/// The program image the kernel finds in RAM, like an initrd: a header (magic, length,
/// flags, the ELF's length) and the ELF.
pub fn image(elf: &[u8], flags: u64) -> Vec<u8> {
    let mut out = b"SGLINUX1".to_vec();
    let len = 32 + elf.len().next_multiple_of(8);
    for word in [len as u64, flags, elf.len() as u64] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(elf);
    out.resize(len, 0);
    out
}

/// The kernel command-line word that carries every run's argument vector:
/// `sysgate.runs=<hex>`, the hex of the number of runs, then per run its `argc` and per
/// argument its length and bytes (little-endian `u64` words, fields padded to 8 bytes). Hex
/// keeps every byte of an argument out of the command line's syntax.
pub fn runs_arg(runs: &[Vec<Vec<u8>>]) -> String {
    let mut bytes = (runs.len() as u64).to_le_bytes().to_vec();
    for argv in runs {
        bytes.extend_from_slice(&(argv.len() as u64).to_le_bytes());
        for arg in argv {
            bytes.extend_from_slice(&(arg.len() as u64).to_le_bytes());
            bytes.extend_from_slice(arg);
            bytes.resize(bytes.len().next_multiple_of(8), 0);
        }
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sysgate.runs={hex}")
}

/// One run of the program, as the serial console told it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Run {
    /// Exactly what it wrote to standard output.
    pub stdout: Vec<u8>,
    /// Exactly what it wrote to standard error.
    pub stderr: Vec<u8>,
    /// Its exit status.
    pub status: i32,
}

/// The outcome of one boot.
#[derive(Clone, Debug)]
pub struct Boot {
    /// The runs that finished, in order.
    pub runs: Vec<Run>,
    /// The serial lines that are not the program's output: the kernel's messages.
    pub kernel: String,
    /// Whether QEMU exited with the architecture's success status.
    pub passed: bool,
    /// Whether the timeout killed QEMU.
    pub timed_out: bool,
    /// The serial log.
    pub serial_log: PathBuf,
}

fn unhex(hex: &str) -> Option<Vec<u8>> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Splits the serial console into runs and the kernel's lines.
pub fn parse(serial: &str) -> (Vec<Run>, String) {
    let mut runs = Vec::new();
    let mut current = Run::default();
    let mut kernel = String::new();
    for line in serial.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(bytes) = line.strip_prefix("@1:").and_then(unhex) {
            current.stdout.extend(bytes);
        } else if let Some(bytes) = line.strip_prefix("@2:").and_then(unhex) {
            current.stderr.extend(bytes);
        } else if let Some(status) = line
            .strip_prefix("SYSGATE-LINUX: exit ")
            .and_then(|s| s.parse().ok())
        {
            current.status = status;
            runs.push(std::mem::take(&mut current));
        } else {
            kernel.push_str(line);
            kernel.push('\n');
        }
    }
    (runs, kernel)
}

/// Boots the example kernel on `arch` with busybox and runs it once per argument vector in
/// `runs`; with `trace`, the kernel prints the strace-style trace of each run.
pub fn boot(
    arch: &Arch,
    runs: &[Vec<Vec<u8>>],
    trace: bool,
    timeout: Duration,
) -> Result<Boot, Error> {
    crate::check_available(arch)?;
    let elf = std::fs::read(fetch(arch)?).map_err(|e| Error::Unavailable(e.to_string()))?;
    let kernel = crate::build_kernel(arch)?;
    let dir = busybox_dir().join(arch.name);
    let blob = dir.join("image.bin");
    std::fs::write(&blob, image(&elf, if trace { TRACE } else { 0 }))
        .map_err(|e| Error::Run(e.to_string()))?;
    let opts = BootOptions {
        accel: Accel::Tcg,
        icount: false,
        timeout,
        serial_log: dir.join("serial.log"),
    };
    let mut cmd = crate::qemu_command(arch, &kernel, &opts);
    cmd.arg("-append").arg(runs_arg(runs));
    cmd.arg("-device").arg(format!(
        "loader,file={},addr={:#x},force-raw=on",
        blob.display(),
        image_address(arch)
    ));
    let outcome = crate::run_qemu(arch, cmd, &opts);
    let _ = std::fs::remove_file(&blob);
    let outcome = outcome?;
    let (done, kernel_lines) = parse(&outcome.serial);
    Ok(Boot {
        passed: !outcome.timed_out && outcome.status == Some(arch.pass_status),
        timed_out: outcome.timed_out,
        runs: done,
        kernel: kernel_lines,
        serial_log: opts.serial_log,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_is_a_header_and_the_elf() {
        let img = image(b"\x7fELF!", TRACE);
        let word = |at: usize| u64::from_le_bytes(img[at..at + 8].try_into().unwrap());
        assert_eq!(&img[..8], b"SGLINUX1");
        assert_eq!((word(8), word(16), word(24)), (40, TRACE, 5));
        assert_eq!(&img[32..37], b"\x7fELF!");
        assert_eq!(img.len(), 40);
    }

    #[test]
    fn runs_are_hex_of_length_prefixed_arguments() {
        let runs = vec![vec![b"echo".to_vec(), b"a b\n$*%\\".to_vec()], vec![]];
        let arg = runs_arg(&runs);
        let hex = arg.strip_prefix("sysgate.runs=").unwrap();
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{arg}");
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        assert_eq!((word(0), word(8), word(16)), (2, 2, 4));
        assert_eq!(&bytes[24..28], b"echo");
        assert_eq!(word(32), 8);
        assert_eq!(&bytes[40..48], b"a b\n$*%\\");
        assert_eq!(word(48), 0, "the second run has no arguments");
        assert_eq!(bytes.len(), 56);
    }

    #[test]
    fn serial_splits_into_runs_and_kernel_lines() {
        let serial = "boot\r\n@1:68690a\n@2:21\nSYSGATE-LINUX: exit 0\n@1:00ff\nreport\nSYSGATE-LINUX: exit 42\n";
        let (runs, kernel) = parse(serial);
        assert_eq!(
            runs,
            [
                Run {
                    stdout: b"hi\n".to_vec(),
                    stderr: b"!".to_vec(),
                    status: 0
                },
                Run {
                    stdout: vec![0, 0xff],
                    stderr: vec![],
                    status: 42
                },
            ]
        );
        assert_eq!(kernel, "boot\nreport\n");
    }
}
