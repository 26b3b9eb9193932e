//! `sysgate-qemu [ARCH] [--bench] [--timeout SECS]`: build the example kernel, boot it in QEMU,
//! echo its serial output and exit 0 only if it passed.
//!
//! `--bench` adds `-icount shift=0` (TCG), making the kernel's benchmark lines exact guest
//! instruction counts. `SYSGATE_ACCEL=tcg|kvm` overrides the accelerator choice.

use std::process::ExitCode;
use std::time::Duration;

use sysgate_qemu::{Accel, Arch, BootOptions, Error, X86_64};

fn usage() -> ExitCode {
    let arches: Vec<&str> = sysgate_qemu::ARCHES.iter().map(|a| a.name).collect();
    eprintln!(
        "usage: sysgate-qemu [{}] [--bench] [--timeout SECS]",
        arches.join("|")
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut arch = X86_64;
    let mut icount = false;
    let mut timeout = Duration::from_secs(120);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => icount = true,
            "--timeout" => match args.next().and_then(|s| s.parse().ok()) {
                Some(secs) => timeout = Duration::from_secs(secs),
                None => return usage(),
            },
            name => match Arch::by_name(name) {
                Some(a) => arch = a,
                None => return usage(),
            },
        }
    }
    let (mut accel, why) = Accel::choose(&arch);
    if icount && accel != Accel::Tcg {
        eprintln!("sysgate-qemu: --bench needs TCG (-icount); using TCG instead of KVM");
        accel = Accel::Tcg;
    }
    eprintln!(
        "sysgate-qemu: {} kernel, accelerator {accel:?} ({why})",
        arch.name
    );
    match run(&arch, accel, icount, timeout) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(Error::Unavailable(why)) => {
            eprintln!("SKIPPED: {} boot: {why}", arch.name);
            ExitCode::from(77)
        }
        Err(e) => {
            eprintln!("sysgate-qemu: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(arch: &Arch, accel: Accel, icount: bool, timeout: Duration) -> Result<bool, Error> {
    sysgate_qemu::check_available(arch)?;
    let kernel = sysgate_qemu::build_kernel(arch)?;
    let serial_log = kernel.with_file_name(format!("serial-{}.log", arch.name));
    let opts = BootOptions {
        accel,
        icount,
        timeout,
        serial_log,
    };
    let outcome = sysgate_qemu::boot(arch, &kernel, &opts)?;
    print!("{}", outcome.serial);
    eprintln!("sysgate-qemu: ran {}", outcome.command);
    eprintln!(
        "sysgate-qemu: serial log {}; QEMU status {:?} (pass is {}){}; sentinel {}",
        opts.serial_log.display(),
        outcome.status,
        outcome.pass_status,
        if outcome.timed_out { ", TIMED OUT" } else { "" },
        if outcome.sentinel() {
            "seen"
        } else {
            "missing"
        },
    );
    let passed = outcome.passed();
    eprintln!("sysgate-qemu: {}", if passed { "PASSED" } else { "FAILED" });
    Ok(passed)
}
