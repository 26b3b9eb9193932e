//! `sysgate-qemu [run|bench] [ARCH] [--timeout SECS]`: build the example kernel, boot it in
//! QEMU, echo its serial output and exit 0 only if it passed (77 if it cannot run here).
//!
//! `bench` boots with `-icount shift=0` (TCG), which makes the kernel's benchmark lines exact
//! guest instruction counts, and prints them as a table. `SYSGATE_ACCEL=tcg|kvm` overrides the
//! accelerator choice.

use std::process::ExitCode;
use std::time::Duration;

use sysgate_qemu::{Accel, Arch, BootOptions, Error, X86_64};

fn usage() -> ExitCode {
    let arches: Vec<&str> = sysgate_qemu::ARCHES.iter().map(|a| a.name).collect();
    eprintln!(
        "usage: sysgate-qemu [run|bench] [{}] [--timeout SECS]",
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
            "run" => icount = false,
            "bench" | "--bench" => icount = true,
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
    if icount {
        print!("{}", outcome.serial);
    } else {
        print!("{}", without_bench(&outcome.serial));
    }
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
    if opts.icount {
        print_bench(arch, &outcome.serial);
    }
    let passed = outcome.passed();
    eprintln!("sysgate-qemu: {}", if passed { "PASSED" } else { "FAILED" });
    Ok(passed)
}

/// The serial output with the benchmark's figures replaced by a note: without `-icount` they
/// are emulator timer ticks, which say nothing about the code.
fn without_bench(serial: &str) -> String {
    let mut out = String::with_capacity(serial.len());
    let mut noted = false;
    for line in serial.lines() {
        if line.starts_with("bench: ") || line.starts_with("copy-bench: ") {
            if !noted {
                out.push_str("(figures omitted: without -icount they are emulator timer ticks; `sysgate-qemu bench` counts instructions exactly)\n");
                noted = true;
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Prints the benchmark lines as a Markdown table with ratios to the minimal entry.
fn print_bench(arch: &Arch, serial: &str) {
    let results = sysgate_qemu::bench_results(serial);
    let Some(&(_, minimal)) = results.first() else {
        eprintln!("sysgate-qemu: no benchmark lines in the serial output");
        return;
    };
    println!(
        "\ninstructions per null-syscall round trip ({}, -icount shift=0):\n",
        arch.name
    );
    let off = results.get(1).map_or(minimal, |r| r.1);
    println!(
        "| configuration | instructions | × minimal entry | × dispatch, instrumentation off |"
    );
    println!("| --- | ---: | ---: | ---: |");
    for (what, ticks) in &results {
        println!(
            "| {what} | {ticks:.2} | {:.2} | {:.2} |",
            ticks / minimal,
            ticks / off
        );
    }
    let copies = sysgate_qemu::copy_bench_results(serial);
    let Some(&(_, plain)) = copies.first() else {
        return;
    };
    println!(
        "\ninstructions per 4 KiB copy ({}, -icount shift=0):\n",
        arch.name
    );
    println!("| copy | instructions | × plain copy |");
    println!("| --- | ---: | ---: |");
    for (what, ticks) in &copies {
        println!("| {what} | {ticks:.2} | {:.2} |", ticks / plain);
    }
}
