//! `sysgate-qemu [run|bench] [ARCH] [--timeout SECS]`: build the example kernel, boot it in
//! QEMU, echo its serial output and exit 0 only if it passed (77 if it cannot run here).
//!
//! `bench` boots with `-icount shift=0` (TCG), which makes the kernel's benchmark lines exact
//! guest instruction counts, and prints them as a table; then Linux 6.12 measured the same way
//! (Debian's kernel, fetched and cached under `target/linux`) and sysgate's ratios to it.
//! `bench --update-readme [ARCH]` boots every architecture (or ARCH) that way, measures Linux
//! beside it, and rewrites their rows of the README's two tables.
//! `linux ARCH [--trace] -- ARGV…` runs Debian's unmodified `busybox-static` (fetched with
//! apt, cached under `target/busybox`) through the kernel's Linux personality with that argument
//! vector: the program's standard output on standard output, everything else on standard
//! error, and the program's exit status as this command's (`--trace`: the strace-style trace
//! of its calls on standard error).
//! `SYSGATE_ACCEL=tcg|kvm` overrides the accelerator choice.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use sysgate_qemu::busybox;
use sysgate_qemu::linux::{self, Figures};
use sysgate_qemu::{Accel, Arch, BootOptions, Error, X86_64, readme};

fn usage() -> ExitCode {
    let arches: Vec<&str> = sysgate_qemu::ARCHES.iter().map(|a| a.name).collect();
    eprintln!(
        "usage: sysgate-qemu [run|bench [--update-readme]] [{a}] [--timeout SECS]\n       \
         sysgate-qemu linux {a} [--trace] [--timeout SECS] -- ARGV...",
        a = arches.join("|")
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut arch = None;
    let mut icount = false;
    let mut update_readme = false;
    let mut timeout = Duration::from_secs(120);
    let mut args = std::env::args().skip(1);
    if std::env::args().nth(1).as_deref() == Some("linux") {
        return linux_command(args.skip(1).collect());
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "run" => icount = false,
            "bench" | "--bench" => icount = true,
            "--update-readme" => update_readme = true,
            "--timeout" => match args.next().and_then(|s| s.parse().ok()) {
                Some(secs) => timeout = Duration::from_secs(secs),
                None => return usage(),
            },
            name => match Arch::by_name(name) {
                Some(a) => arch = Some(a),
                None => return usage(),
            },
        }
    }
    if update_readme {
        if !icount {
            return usage();
        }
        let arches = arch.map_or(sysgate_qemu::ARCHES.to_vec(), |a| vec![a]);
        return update(&arches, timeout);
    }
    let arch = arch.unwrap_or(X86_64);
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
        Ok((true, _)) => ExitCode::SUCCESS,
        Ok((false, _)) => ExitCode::FAILURE,
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

/// Boots each of `arches` under `-icount`, measures Linux beside it, and writes its rows of the
/// README's tables; the README is written only if every boot passed.
fn update(arches: &[Arch], timeout: Duration) -> ExitCode {
    let path = readme::path();
    let mut text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("sysgate-qemu: cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    for arch in arches {
        let serial = match run(arch, Accel::Tcg, true, timeout) {
            Ok((true, serial)) => serial,
            Ok((false, _)) | Err(_) => {
                eprintln!(
                    "sysgate-qemu: {} bench did not pass; README unchanged",
                    arch.name
                );
                return ExitCode::FAILURE;
            }
        };
        let results = sysgate_qemu::bench_results(&serial);
        let row = readme::row(arch.name, &results);
        let Some(linux) = linux_figures(arch, &text, timeout) else {
            return ExitCode::FAILURE;
        };
        let linux_row = readme::linux_row(arch.name, &linux, &results);
        for (table, row) in [
            (readme::INSTRUCTIONS, &row),
            (readme::BESIDE_LINUX, &linux_row),
        ] {
            match table.replace_row(&text, arch.name, row) {
                Some(new) => text = new,
                None => {
                    eprintln!(
                        "sysgate-qemu: {} has no generated row for {} after `{}`",
                        path.display(),
                        arch.name,
                        table.begin
                    );
                    return ExitCode::FAILURE;
                }
            }
            eprintln!("sysgate-qemu: README row: {row}");
        }
    }
    match std::fs::write(&path, text) {
        Ok(()) => {
            eprintln!("sysgate-qemu: updated {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sysgate-qemu: cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// Linux 6.12's figures for `arch`'s row beside Linux, measured with both command lines; where
/// the kernel cannot be fetched here, the figures the README already has (with a `SKIPPED`
/// line). `None` (after saying why) if a Linux boot failed or there is nothing to keep.
fn linux_figures(
    arch: &Arch,
    readme_text: &str,
    timeout: Duration,
) -> Option<readme::LinuxFigures> {
    match linux::measure_both(arch, timeout) {
        Ok((lean, default)) => Some(readme_order(&lean, &default)),
        Err(Error::Unavailable(why)) => {
            eprintln!(
                "SKIPPED: linux 6.12 reference on {}: {why}; its README figures kept",
                arch.name
            );
            let kept = readme::BESIDE_LINUX
                .find_row(readme_text, arch.name)
                .and_then(readme::linux_figures);
            if kept.is_none() {
                eprintln!(
                    "sysgate-qemu: README has no Linux figures for {}",
                    arch.name
                );
            }
            kept
        }
        Err(e) => {
            eprintln!("sysgate-qemu: linux 6.12 reference on {}: {e}", arch.name);
            None
        }
    }
}

/// Linux's figures in the order of the README's row beside Linux (and of `bench`'s lines):
/// lean `ENOSYS`, default `ENOSYS`, lean `getppid`, default `getppid`.
fn readme_order(lean: &Figures, default: &Figures) -> readme::LinuxFigures {
    [lean.enosys, default.enosys, lean.getppid, default.getppid]
}

/// Boots `arch`, prints what it printed; returns whether it passed and its serial output.
fn run(
    arch: &Arch,
    accel: Accel,
    icount: bool,
    timeout: Duration,
) -> Result<(bool, String), Error> {
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
    let mut passed = outcome.passed();
    if opts.icount {
        print_bench(arch, &outcome.serial);
        passed &= print_linux(arch, &sysgate_qemu::bench_results(&outcome.serial), timeout);
    }
    eprintln!("sysgate-qemu: {}", if passed { "PASSED" } else { "FAILED" });
    Ok((passed, outcome.serial))
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

/// Measures Linux 6.12 with both command lines and prints its lines and sysgate's ratios to
/// them; `false` if a Linux boot failed (a kernel that cannot be fetched is a skip).
fn print_linux(arch: &Arch, sysgate: &[(String, f64)], timeout: Duration) -> bool {
    let (lean, default) = match linux::measure_both(arch, timeout) {
        Ok(figures) => figures,
        Err(Error::Unavailable(why)) => {
            eprintln!("SKIPPED: linux 6.12 reference on {}: {why}", arch.name);
            return true;
        }
        Err(e) => {
            eprintln!("sysgate-qemu: linux 6.12 reference on {}: {e}", arch.name);
            return false;
        }
    };
    let names = [
        "lean, ENOSYS",
        "default, ENOSYS",
        "lean, getppid",
        "default, getppid",
    ];
    let references: Vec<(&str, f64)> = names
        .into_iter()
        .zip(readme_order(&lean, &default))
        .collect();
    println!();
    for (what, value) in &references {
        println!("bench: {:<45} {value:>8.2}", format!("linux 6.12 {what}"));
    }
    println!(
        "\nsysgate ÷ Linux 6.12 ({}, instructions per round trip; calibration loop reads {:.2}):\n",
        arch.name, lean.calibration
    );
    print!("| configuration | instructions |");
    for (what, _) in &references {
        print!(" ÷ Linux {what} |");
    }
    println!("\n| --- | ---: |{}", " ---: |".repeat(references.len()));
    for (what, ticks) in sysgate.iter().skip(1) {
        print!("| {what} | {ticks:.2} |");
        for (_, value) in &references {
            print!(" {:.2} |", ticks / value);
        }
        println!();
    }
    true
}

/// `linux ARCH [--trace] [--timeout SECS] -- ARGV…`: runs busybox with ARGV and behaves like
/// the process: its output on standard output, its exit status as ours.
fn linux_command(args: Vec<String>) -> ExitCode {
    let Some(split) = args.iter().position(|a| a == "--") else {
        return usage();
    };
    let (opts, argv) = (&args[..split], &args[split + 1..]);
    let mut arch = None;
    let mut trace = false;
    let mut timeout = Duration::from_secs(60);
    let mut opts = opts.iter();
    while let Some(opt) = opts.next() {
        match opt.as_str() {
            "--trace" => trace = true,
            "--timeout" => match opts.next().and_then(|s| s.parse().ok()) {
                Some(secs) => timeout = Duration::from_secs(secs),
                None => return usage(),
            },
            name => match Arch::by_name(name) {
                Some(a) => arch = Some(a),
                None => return usage(),
            },
        }
    }
    let (Some(arch), false) = (arch, argv.is_empty()) else {
        return usage();
    };
    let runs = [argv.iter().map(|a| a.as_bytes().to_vec()).collect()];
    let boot = match busybox::boot(&arch, &runs, trace, timeout) {
        Ok(boot) => boot,
        Err(Error::Unavailable(why)) => {
            eprintln!("SKIPPED: linux {}: {why}", arch.name);
            return ExitCode::from(77);
        }
        Err(e) => {
            eprintln!("sysgate-qemu: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprint!("{}", boot.kernel);
    let Some(run) = boot.runs.first().filter(|_| boot.passed) else {
        eprintln!(
            "sysgate-qemu: the Linux run did not finish{}; serial log {}",
            if boot.timed_out { " (timed out)" } else { "" },
            boot.serial_log.display()
        );
        return ExitCode::FAILURE;
    };
    let _ = std::io::stderr().write_all(&run.stderr);
    let mut out = std::io::stdout();
    if out
        .write_all(&run.stdout)
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    ExitCode::from(run.status as u8)
}
