//! Boots the example kernel in QEMU and checks what the user program and the kernel printed.
//!
//! Every check runs on x86_64, AArch64 and RISC-V: the same user program and the same expected
//! results. Prints `SKIPPED: <reason>` (and passes) when QEMU or the Rust target is missing.

use std::io::Write;
use std::time::Duration;

use sysgate_qemu::{
    AARCH64, Accel, Arch, BootOptions, CPUS, Error, Outcome, RISCV64, X86_64, readme,
};

/// Reports a skipped check on the process's stderr itself: the test harness captures
/// `eprintln!` of passing tests, which would hide the skip.
fn skipped(what: &str) {
    let _ = writeln!(std::io::stderr(), "\n!!!!!!!! SKIPPED: {what} !!!!!!!!\n");
}

/// Builds and boots `arch`; `None` when the boot cannot run here.
fn boot(arch: &Arch, icount: bool) -> Option<Outcome> {
    if let Err(Error::Unavailable(why)) = sysgate_qemu::check_available(arch) {
        skipped(&format!("{} QEMU boot test: {why}", arch.name));
        return None;
    }
    let kernel = sysgate_qemu::build_kernel(arch).expect("kernel builds");
    let (accel, why) = if icount {
        (Accel::Tcg, "icount needs TCG".to_string())
    } else {
        Accel::choose(arch)
    };
    let name = format!(
        "serial-{}{}.log",
        arch.name,
        if icount { "-icount" } else { "" }
    );
    let opts = BootOptions {
        accel,
        icount,
        timeout: Duration::from_secs(180),
        serial_log: kernel.with_file_name(name),
    };
    let outcome = sysgate_qemu::boot(arch, &kernel, &opts).expect("QEMU runs");
    eprintln!(
        "{} ({accel:?}: {why}) serial output:\n{}",
        outcome.command, outcome.serial
    );
    Some(outcome)
}

fn assert_has(outcome: &Outcome, needle: &str) {
    assert!(
        outcome.serial.contains(needle),
        "serial output lacks {needle:?}"
    );
}

/// The counts of the one `user access: N faults resolved by demand paging, M fixed up to
/// EFAULT` line.
fn user_access_counts(serial: &str) -> (u64, u64) {
    let lines: Vec<&str> = serial
        .lines()
        .filter(|l| l.starts_with("user access: "))
        .collect();
    assert_eq!(lines.len(), 1, "one user-access line: {lines:?}");
    let words: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        words[3..8],
        ["faults", "resolved", "by", "demand", "paging,"],
        "{}",
        lines[0]
    );
    assert_eq!(words[9..], ["fixed", "up", "to", "EFAULT"], "{}", lines[0]);
    let number = |w: &str| w.parse::<u64>().expect("a count");
    (number(words[2]), number(words[8]))
}

/// The user-thread checks (issues 11 and 13) the scheduler passes on every architecture: the
/// beginning of each `PASS` line.
const THREAD_CHECKS: &[&str] = &[
    "PASS  threads: user threads ran at once on every CPU: 16 threads on 4 CPUs",
    "PASS  threads: user threads started and ran at once = 16",
    "PASS  threads: blocking read on an empty pipe woken by a writer on another CPU returns exactly the bytes written = 15",
    "PASS  threads: write to the pipe from another CPU = 15",
    "PASS  threads: blocking nanosleep(50 ms) on the timer: the thread on the same CPU made syscalls during it (> 0) = 1",
    "PASS  threads: blocking nanosleep(50 ms) lasted at least 50 ms = 1",
    "PASS  threads: a thread spinning in user mode without syscalls is preempted: the thread on its CPU made 100 calls meanwhile = 1",
    "PASS  threads: a handler that blocks while a thread on the same CPU runs syscalls returns its own result (per-thread kernel stacks) = 1",
    "PASS  threads: getpid() = 1 in every call beside a blocked or spinning thread (wrong results) = 0",
    "PASS  threads: thread A pledges away time: its own uptime() -> EPERM = 1",
    "PASS  threads: thread B on another CPU still gets uptime() after thread A pledged away time = 1",
    "PASS  threads: escalated_sleep granted by escalation, still escalated after blocking 30 ms = 1",
    "PASS  threads: an escalated retry in one thread is invisible to every other thread: probes beside its blocked retry escalated = 1",
    "PASS  threads: syscalls with a garbage stack pointer (sp = 0) return intact, 200 times = 200",
    "PASS  threads: thread A blocked in read on an empty pipe gets thread B's signal (SA_RESTART): the handler ran once, the read restarts and returns B's data = 1",
    "PASS  threads: thread A blocked in read on an empty pipe gets thread B's signal (no SA_RESTART): the handler ran, the read returns EINTR = -4",
    "PASS  threads: nanosleep(1 s) interrupted by another thread's signal (handler without SA_RESTART) returns EINTR early = -4",
    "PASS  threads: tkill from thread B to thread A on another CPU, 4 signals sent = 4",
    "PASS  threads: a signal to thread A spinning in user mode without syscalls is delivered at the return from an interrupt (the timer tick): the handler ran = 1",
    "PASS  threads: a fault in one user thread ends only that thread: ",
    "PASS  threads: per-syscall counts equal exactly the calls the threads made, summed over CPUs: ",
    "PASS  threads: every CPU ran thread syscalls: calls per CPU ",
];

/// Boots `arch` and checks the suite's results and the reports.
fn boots_and_user_syscalls_pass(arch: &Arch) {
    let Some(out) = boot(arch, false) else {
        return;
    };
    assert!(!out.timed_out, "QEMU timed out (a hang; serial log above)");
    assert_eq!(out.status, Some(out.pass_status), "QEMU exit status");
    assert!(out.sentinel(), "sentinel line missing");
    // Every CPU of `-smp` came up and took timer interrupts.
    assert!(
        out.command.contains(&format!("-smp {CPUS}")),
        "{}",
        out.command
    );
    assert_has(
        &out,
        &format!("PASS  smp: every CPU online: {CPUS} of {CPUS} CPUs"),
    );
    assert_has(
        &out,
        &format!(
            "PASS  smp timer: every online CPU took its timer interrupts: {CPUS} of {CPUS} CPUs"
        ),
    );
    // Every CPU made syscalls from user mode at once, each entering on its own per-CPU state,
    // and the statistics counted each call.
    let prefix = format!(
        "PASS  smp syscalls: every CPU made its getpid calls from user mode at once: \
         {CPUS} of {CPUS} CPUs, "
    );
    let line = out
        .serial
        .lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("serial output lacks {prefix:?}"));
    let numbers: Vec<usize> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 2, "{line}");
    assert_eq!(numbers[1], CPUS * numbers[0], "every call counted: {line}");
    assert_has(
        &out,
        &format!(
            "PASS  smp statistics: each CPU's calls counted in its own shard: {CPUS} of {CPUS} CPUs"
        ),
    );
    // User threads on every CPU at once, under the kernel's scheduler.
    for line in THREAD_CHECKS {
        assert_has(&out, line);
    }
    let getpid_beside = out
        .serial
        .matches("PASS  threads: getpid() = 1 in every call beside")
        .count();
    assert_eq!(
        getpid_beside, 3,
        "one line per thread beside a sleeping, spinning or blocked one"
    );
    // The performance report shows the calls of every CPU.
    let per_cpu = out
        .serial
        .lines()
        .find_map(|l| l.strip_prefix("calls per CPU: "))
        .expect("the report's calls per CPU");
    for cpu in 0..CPUS {
        assert!(
            per_cpu.contains(&format!("{cpu}: ")),
            "CPU {cpu} in {per_cpu:?}"
        );
    }
    let failed: Vec<&str> = out
        .serial
        .lines()
        .filter(|l| l.starts_with("FAIL"))
        .collect();
    assert!(failed.is_empty(), "checks failed: {failed:#?}");
    // The registry, with handlers from the kernel and from the extra crate.
    assert_has(&out, "== registry");
    assert_has(&out, "write(fd: u32, buf: UserSlice<u8>)");
    assert_has(&out, "getppid() -> u32");
    // Values the user program saw, checked by the kernel.
    assert_has(&out, "hello from user mode");
    for line in [
        "PASS  write(1, msg) = 21",
        "PASS  getpid() = 1",
        "PASS  read(0) again -> EAGAIN = -11",
        "PASS  alloc(1 TiB) -> ENOMEM = -12",
        "PASS  reboot() -> EPERM (privileged) = -1",
        "PASS  syscall usize::MAX -> ENOSYS = -38",
        "PASS  write(kernel memory) -> EFAULT = -14",
        "PASS  write(non-canonical 2^63) -> EFAULT = -14",
        "PASS  registers survive a syscall",
        "PASS  10000 getpid() calls in a loop = 10000",
        "PASS  user read of kernel memory faults, kernel survives",
        "PASS  syscall returning to a non-canonical address faults the user",
        "PASS  read(4) -> EAGAIN twice, recovered by backoff = 2",
        "PASS  sethostname() granted by escalation = 7",
        "PASS  getrandom(GRND_RANDOM) served by the fallback = 16",
        "PASS  alloc(beyond the pool) recovered by free_memory = 1",
        "PASS  uptime() after pledge -> EPERM (time not promised) = -1",
        "PASS  rt_sigreturn outside a signal handler terminates the user program (recovery = terminate)",
    ] {
        assert_has(&out, line);
    }
    // Signals sent with `kill`, delivered on the return from the syscall, and a forged frame.
    for line in [
        "PASS  kill(self, SIGUSR1) signal sent = 0",
        "PASS  signal delivered on the return from kill: the user handler ran once = 1",
        "PASS  signal handler got SIGUSR1 = 10",
        "PASS  blocked signal stays pending: no handler ran on the return from kill = 0",
        "PASS  unblocked signal delivered on the return from rt_sigprocmask = 1",
        "PASS  a forged rt_sigreturn frame (kernel-mode bits set) kills only that thread",
        "PASS  read on an empty pipe restarts after the signal handler (SA_RESTART), returns its data = 4",
        "PASS  restarted read returns the bytes the signal handler wrote = 1",
        "PASS  read on an empty pipe interrupted by a signal without SA_RESTART -> EINTR = -4",
        "PASS  nanosleep(200) interrupted by a signal with a handler -> EINTR = -4",
        "PASS  nanosleep(200) woken by an ignored signal restarts (ERESTART_RESTARTBLOCK, remaining time) = 0",
    ] {
        assert_has(&out, line);
    }
    // The error report counts each wait's restart and its EINTR return (with the user threads,
    // also the signalled thread's: a restarted and an interrupted read, an interrupted sleep).
    let interruptions = out
        .serial
        .split("-- signal interruptions --")
        .nth(1)
        .expect("the error report's signal section");
    let rows = [
        ("nanosleep", ["native", "35", "nanosleep", "1", "2"]),
        ("pipe_read", ["native", "520", "pipe_read", "1", "1"]),
        (
            "thread_pipe_read",
            ["native", "530", "thread_pipe_read", "1", "1"],
        ),
    ];
    for &(name, row) in &rows {
        let line = interruptions
            .lines()
            .find(|l| l.split_whitespace().nth(2) == Some(name))
            .unwrap_or_else(|| panic!("no signal row for {name}"));
        assert_eq!(line.split_whitespace().collect::<Vec<_>>(), row, "{line}");
    }
    assert_has(
        &out,
        "PASS  FP/SIMD registers and every general register survive a signal handler",
    );
    // User memory that faults: demand paging, the hole, straddling buffers, strings, and a
    // handler that reads user memory directly.
    for line in [
        "PASS  heap page mapped on first touch from user mode = 305419896",
        "PASS  getrandom(never-touched heap page, 16): mapped inside copy_to_user = 16",
        "PASS  sethostname(never-touched heap page, 7): mapped inside copy_from_user = 7",
        "PASS  write(hole in the user range) -> EFAULT through the fixup = -14",
        "PASS  getrandom(hole in the user range) -> EFAULT through the fixup = -14",
        "PASS  write(12 mapped bytes + 20 in the hole) = 12 (partial count) = 12",
        "PASS  getrandom(12 mapped bytes + 4 in the hole) = 12 (partial count) = 12",
        "PASS  namelen(\"sysgate\") = 7 = 7",
        "PASS  namelen(string whose NUL is the page's last byte) = 4 = 4",
        "PASS  namelen(string running into the hole) -> EFAULT = -14",
        "PASS  namelen(pointer into the hole) -> EFAULT = -14",
        "PASS  namelen(40 bytes without a NUL) -> ENAMETOOLONG = -36",
        "PASS  handler reading user memory directly is stopped and reported as a kernel bug",
        "PASS  user-access faults both resolved and fixed up",
    ] {
        assert_has(&out, line);
    }
    let guard = match arch.name {
        "x86_64" => "SMAP",
        "aarch64" => "PAN",
        _ => "SUM clear",
    };
    assert_has(
        &out,
        &format!("outside the user-access routines; stopped by {guard}"),
    );
    let (resolved, fixed_up) = user_access_counts(&out.serial);
    assert!(
        resolved > 0 && fixed_up > 0,
        "faults resolved {resolved}, fixed up {fixed_up}"
    );
    // The runtime's reports; latencies are TSC cycles on x86_64, timer ticks elsewhere.
    let unit = if arch.name == "x86_64" {
        "cycles"
    } else {
        "timer ticks"
    };
    assert_has(&out, &format!("@getpid[39]: latency in {unit}"));
    for needle in [
        "== sysgate performance",
        "recommendations:",
        "== sysgate error report",
        "EFAULT terminate: terminated",
        "EPERM — outside the process's promises",
        "unknown numbers: 5",
    ] {
        assert_has(&out, needle);
    }
    // Generated syscall code run from user mode, and the trace of that run.
    for needle in [
        "PASS  user program ran generated code, 0 failures",
        "PASS  generated check(name, 7, 7): four argument words = 7",
        "PASS  generated code reached dispatch with its number: 0x123456789abcdef",
        "PASS  generated code reached dispatch with its number: 0xffffffffffffffff",
        "PASS  the entry register selects the framework's entry",
        "== trace of the generated-code run",
        "getpid() = 1",
        "check(name=0x",
        "syscall_0x123456789abcdef(0x0, 0x0, 0x0, 0x0, 0x0, 0x0) = -1 ENOSYS (Function not implemented)",
    ] {
        assert_has(&out, needle);
    }
}

/// Boots `arch` under `-icount shift=0`, checks the benchmark lines and that the README shows
/// them.
fn icount_benchmark_is_ordered(arch: &Arch) {
    let Some(out) = boot(arch, true) else {
        return;
    };
    assert!(out.passed(), "boot under -icount failed");
    // One CPU under -icount: the user-thread checks say clearly that they did not run.
    assert!(
        out.serial.contains("threads: NOT RUN: "),
        "the icount boot says the thread checks are not run"
    );
    let results = sysgate_qemu::bench_results(&out.serial);
    assert_eq!(results.len(), 4, "four benchmark lines: {results:?}");
    let minimal = results[0].1;
    assert!(
        results[1..]
            .iter()
            .all(|(_, ticks)| minimal > 0.0 && minimal < *ticks),
        "the minimal entry is the cheapest: {results:?}"
    );
    // Word copies: a 4 KiB user copy takes well under one instruction per byte (a byte loop
    // takes four or more).
    let copies = sysgate_qemu::copy_bench_results(&out.serial);
    assert_eq!(copies.len(), 3, "three copy lines: {copies:?}");
    assert!(
        copies[1..].iter().all(|(_, n)| *n > 0.0 && *n < 2048.0),
        "4 KiB user copies move words: {copies:?}"
    );
    // The figures are exact under -icount: the README's table must show this boot's.
    let row = readme::row(arch.name, &results);
    let text = std::fs::read_to_string(readme::path()).expect("README.md reads");
    assert_eq!(
        readme::INSTRUCTIONS.find_row(&text, arch.name),
        Some(row.as_str()),
        "README.md's instruction table is stale for {}; regenerate it with `{}`",
        arch.name,
        readme::UPDATE_COMMAND
    );
    // The same boot's figures beside Linux's (whose own columns the Linux reference test checks).
    let linux_row = readme::BESIDE_LINUX.find_row(&text, arch.name);
    let linux = linux_row
        .and_then(readme::linux_figures)
        .unwrap_or_else(|| panic!("README.md has no row beside Linux for {}", arch.name));
    assert_eq!(
        linux_row,
        Some(readme::linux_row(arch.name, &linux, &results).as_str()),
        "README.md's table beside Linux is stale for {}; regenerate it with `{}`",
        arch.name,
        readme::UPDATE_COMMAND
    );
}

/// Disassembles `arch`'s user program: no direct branch may leave user memory, and none of the
/// kernel side of the declarations it takes its typed stubs from (number claims, descriptors,
/// thunks) is linked into it.
fn user_program_branches_stay_in_user_memory(arch: &Arch) {
    if let Err(Error::Unavailable(why)) = sysgate_qemu::check_available(arch) {
        skipped(&format!("{} user-program disassembly: {why}", arch.name));
        return;
    }
    let Some(objdump) = sysgate_qemu::llvm_objdump() else {
        skipped("llvm-objdump not found (rustup component add llvm-tools)");
        return;
    };
    sysgate_qemu::build_kernel(arch).expect("kernel builds");
    let elf = sysgate_qemu::user_elf(arch).expect("the kernel build leaves the user ELF");
    let out = std::process::Command::new(&objdump)
        .args(["-d", "--no-show-raw-insn"])
        .arg(&elf)
        .output()
        .expect("llvm-objdump runs");
    assert!(out.status.success(), "llvm-objdump failed");
    let listing = String::from_utf8_lossy(&out.stdout);
    let targets = sysgate_qemu::branch_targets(&listing);
    assert!(
        targets.len() > 10,
        "found the program's branches: {targets:?}"
    );
    let (start, end) = arch.user_region;
    let outside: Vec<_> = targets
        .iter()
        .filter(|(_, t)| !(start..end).contains(t))
        .collect();
    assert!(
        outside.is_empty(),
        "branches leave user memory: {outside:#?}"
    );
    let out = std::process::Command::new(objdump)
        .arg("-t")
        .arg(&elf)
        .output()
        .expect("llvm-objdump runs");
    let symbols = String::from_utf8_lossy(&out.stdout);
    for kernel_side in ["__sysgate_nr_", "4DESC", "5thunk", "5STATS"] {
        assert!(
            !symbols.contains(kernel_side),
            "the user program links kernel-side `{kernel_side}`:\n{symbols}"
        );
    }
}

/// Disassembles `arch`'s kernel: no FP/SIMD instruction anywhere but in `enter_user`, which
/// clears the FP state a new user program starts with, and in the runtime's `save_user_fp` and
/// `restore_user_fp`, which copy it into and out of signal frames. That is what lets the entry
/// leave the user's FP/SIMD registers unsaved.
fn kernel_has_no_fp_instructions(arch: &Arch) {
    if let Err(Error::Unavailable(why)) = sysgate_qemu::check_available(arch) {
        skipped(&format!("{} kernel disassembly: {why}", arch.name));
        return;
    }
    let Some(objdump) = sysgate_qemu::llvm_objdump() else {
        skipped("llvm-objdump not found (rustup component add llvm-tools)");
        return;
    };
    let kernel = sysgate_qemu::build_kernel(arch).expect("kernel builds");
    // The kernel's target has no F/D: without them RISC-V FP instructions read `<unknown>`.
    let features: &[&str] = if *arch == RISCV64 {
        &["--mattr=+d"]
    } else {
        &[]
    };
    let out = std::process::Command::new(&objdump)
        .args(["-d", "--no-show-raw-insn"])
        .args(features)
        .arg(&kernel)
        .output()
        .expect("llvm-objdump runs");
    assert!(out.status.success(), "llvm-objdump failed");
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.lines().count() > 1000, "disassembled the kernel");
    let fp = sysgate_qemu::fp_instructions(arch, &listing);
    if *arch != X86_64 {
        // The scan sees FP instructions where they are: the FP state clearing.
        assert!(
            fp.iter()
                .any(|(function, _)| function.contains("enter_user")),
            "enter_user clears the FP registers"
        );
    }
    if *arch != X86_64 {
        // And in the signal frame's copies.
        for copy in ["save_user_fp", "restore_user_fp"] {
            assert!(
                fp.iter().any(|(function, _)| function.contains(copy)),
                "{copy} copies the FP registers"
            );
        }
    }
    let outside: Vec<_> = fp
        .iter()
        .filter(|(function, _)| {
            !["enter_user", "save_user_fp", "restore_user_fp"]
                .iter()
                .any(|allowed| function.contains(allowed))
        })
        .collect();
    assert!(
        outside.is_empty(),
        "FP/SIMD instructions in the kernel: {outside:#?}"
    );
}

#[test]
fn x86_64_boots_and_user_syscalls_pass() {
    boots_and_user_syscalls_pass(&X86_64);
}

#[test]
fn x86_64_icount_benchmark_is_deterministic_and_ordered() {
    icount_benchmark_is_ordered(&X86_64);
}

#[test]
fn x86_64_user_program_branches_stay_in_user_memory() {
    user_program_branches_stay_in_user_memory(&X86_64);
}

#[test]
fn aarch64_boots_and_user_syscalls_pass() {
    boots_and_user_syscalls_pass(&AARCH64);
}

#[test]
fn aarch64_icount_benchmark_is_deterministic_and_ordered() {
    icount_benchmark_is_ordered(&AARCH64);
}

#[test]
fn aarch64_user_program_branches_stay_in_user_memory() {
    user_program_branches_stay_in_user_memory(&AARCH64);
}

#[test]
fn riscv64_boots_and_user_syscalls_pass() {
    boots_and_user_syscalls_pass(&RISCV64);
}

#[test]
fn riscv64_icount_benchmark_is_deterministic_and_ordered() {
    icount_benchmark_is_ordered(&RISCV64);
}

#[test]
fn riscv64_user_program_branches_stay_in_user_memory() {
    user_program_branches_stay_in_user_memory(&RISCV64);
}

#[test]
fn x86_64_kernel_has_no_fp_instructions() {
    kernel_has_no_fp_instructions(&X86_64);
}

#[test]
fn aarch64_kernel_has_no_fp_instructions() {
    kernel_has_no_fp_instructions(&AARCH64);
}

#[test]
fn riscv64_kernel_has_no_fp_instructions() {
    kernel_has_no_fp_instructions(&RISCV64);
}
