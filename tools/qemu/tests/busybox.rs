//! Runs Debian's unmodified `busybox-static` through the example kernel's Linux personality
//! on x86_64, AArch64 and RISC-V: one boot per architecture runs every command of [`COMMANDS`]
//! (the program loaded afresh each time) and each must print exactly its expected standard
//! output and exit with its expected status.
//!
//! Prints `SKIPPED: <reason>` (and passes) when QEMU, the target or the package (Debian's
//! archive) is not reachable.

use std::io::Write;
use std::time::{Duration, Instant};

use sysgate_qemu::busybox::{self, Boot};
use sysgate_qemu::{AARCH64, Arch, Error, RISCV64, X86_64};

/// One command: its argument vector, its standard output (`{machine}` stands for `uname -m`)
/// and its exit status.
struct Command {
    argv: &'static [&'static str],
    stdout: &'static str,
    status: i32,
}

const fn cmd(argv: &'static [&'static str], stdout: &'static str, status: i32) -> Command {
    Command {
        argv,
        stdout,
        status,
    }
}

const LS_L_ETC: &str = "total 2
-rw-r--r--    1 root     root            10 Nov 14 22:13 group
-rw-r--r--    1 root     root             8 Nov 14 22:13 hostname
-rw-r--r--    1 root     root            66 Nov 14 22:13 os-release
-rw-r--r--    1 root     root            30 Nov 14 22:13 passwd
";

const LS_L_BIN: &str = "total 1
-rwxr-xr-x    1 root     root             0 Nov 14 22:13 busybox
lrwxrwxrwx    1 root     root             7 Nov 14 22:13 sh -> busybox
";

const OS_RELEASE: &str =
    "PRETTY_NAME=\"sysgate Linux personality\"\nNAME=\"sysgate\"\nID=sysgate\n";

static COMMANDS: &[Command] = &[
    cmd(&["echo", "hello", "world"], "hello world\n", 0),
    cmd(&["true"], "", 0),
    cmd(&["false"], "", 1),
    cmd(
        &["uname", "-a"],
        "Linux sysgate 6.12.0-sysgate #1 sysgate Linux personality {machine} GNU/Linux\n",
        0,
    ),
    cmd(&["uname", "-m"], "{machine}\n", 0),
    cmd(&["cat", "/etc/hostname"], "sysgate\n", 0),
    cmd(&["ls", "/"], "bin\ndev\netc\nproc\nroot\ntmp\n", 0),
    cmd(&["ls", "-l", "/etc"], LS_L_ETC, 0),
    cmd(&["ls", "-l", "/bin"], LS_L_BIN, 0),
    cmd(&["ls", "/nonexistent"], "", 1),
    cmd(&["cat", "/etc/os-release"], OS_RELEASE, 0),
    cmd(&["id"], "uid=0(root) gid=0(root) groups=0(root)\n", 0),
    cmd(&["pwd"], "/\n", 0),
    cmd(&["hostname"], "sysgate\n", 0),
    cmd(
        &["date", "-u", "-d", "@0"],
        "Thu Jan  1 00:00:00 UTC 1970\n",
        0,
    ),
    cmd(&["dirname", "/a/b/c"], "/a/b\n", 0),
    cmd(&["printf", "%s=%d\\n", "x", "42"], "x=42\n", 0),
    cmd(
        &["printf", "%5.2f|%x\\n", "3.14159", "255"],
        " 3.14|ff\n",
        0,
    ),
    cmd(&["seq", "3"], "1\n2\n3\n", 0),
    cmd(&["expr", "6", "*", "7"], "42\n", 0),
    cmd(&["expr", "length", "sysgate"], "7\n", 0),
    cmd(&["basename", "/usr/lib/libc.so.6", ".6"], "libc.so\n", 0),
    cmd(&["test", "3", "-gt", "2"], "", 0),
    cmd(&["test", "-d", "/etc/hostname"], "", 1),
    cmd(&["wc", "-l", "/etc/passwd"], "1 /etc/passwd\n", 0),
    cmd(&["head", "-c", "4", "/etc/hostname"], "sysg", 0),
    cmd(
        &[
            "echo",
            "a b",
            "\"q\" 'q'",
            "$HOME",
            "*",
            "%d%%",
            "back\\slash",
            "two\nlines",
        ],
        "a b \"q\" 'q' $HOME * %d%% back\\slash two\nlines\n",
        0,
    ),
    cmd(
        &["sh", "-c", "x=world; echo \"hello $x\""],
        "hello world\n",
        0,
    ),
    cmd(
        &["sh", "-c", "echo $((6 * 7)) $((1 << 10))"],
        "42 1024\n",
        0,
    ),
    cmd(
        &["sh", "-c", "for i in 1 2 3; do printf '%s-' $i; done; echo"],
        "1-2-3-\n",
        0,
    ),
    cmd(
        &[
            "sh",
            "-c",
            "i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo $i",
        ],
        "5\n",
        0,
    ),
    cmd(
        &[
            "sh",
            "-c",
            "f() { echo \"f($1)\"; return 3; }; f a; echo $?",
        ],
        "f(a)\n3\n",
        0,
    ),
    cmd(
        &[
            "sh",
            "-c",
            "for w in foo bar; do case $w in f*) echo F;; *) echo other;; esac; done",
        ],
        "F\nother\n",
        0,
    ),
    cmd(
        &[
            "sh",
            "-c",
            "test -f /etc/passwd && echo yes || echo no; [ -e /nope ] || echo gone",
        ],
        "yes\ngone\n",
        0,
    ),
    cmd(
        &["sh", "-c", "echo before; exit 42; echo after"],
        "before\n",
        42,
    ),
    // The last command of `sh -c` runs in the shell's process: no fork needed.
    cmd(&["sh", "-c", "echo a; ls /dev"], "a\nconsole\nnull\n", 0),
];

fn skipped(what: &str) {
    let _ = writeln!(std::io::stderr(), "\n!!!!!!!! SKIPPED: {what} !!!!!!!!\n");
}

/// Boots `arch` once with every command; `None` when it cannot run here.
fn boot(arch: &Arch) -> Option<Boot> {
    let runs: Vec<Vec<Vec<u8>>> = COMMANDS
        .iter()
        .map(|c| c.argv.iter().map(|a| a.as_bytes().to_vec()).collect())
        .collect();
    let start = Instant::now();
    match busybox::boot(arch, &runs, false, Duration::from_secs(240)) {
        Err(Error::Unavailable(why)) => {
            skipped(&format!("busybox on {}: {why}", arch.name));
            None
        }
        Err(e) => panic!("busybox on {}: {e}", arch.name),
        Ok(boot) => {
            eprintln!(
                "{}: {} commands in one boot, {:.1} s (kernel build included)",
                arch.name,
                boot.runs.len(),
                start.elapsed().as_secs_f64()
            );
            Some(boot)
        }
    }
}

/// `uname -m` on `arch`.
fn machine(arch: &Arch) -> &'static str {
    arch.name
}

fn runs_every_command(arch: &Arch) {
    let Some(boot) = boot(arch) else {
        return;
    };
    let log = || std::fs::read_to_string(&boot.serial_log).unwrap_or_default();
    assert!(
        !boot.timed_out,
        "{} hung (timed out); serial log:\n{}",
        arch.name,
        log()
    );
    assert!(
        boot.passed && boot.runs.len() == COMMANDS.len(),
        "{}: {} of {} commands finished; serial log:\n{}",
        arch.name,
        boot.runs.len(),
        COMMANDS.len(),
        log()
    );
    let mut failures = Vec::new();
    for (c, run) in COMMANDS.iter().zip(&boot.runs) {
        let want = c.stdout.replace("{machine}", machine(arch));
        let got = String::from_utf8_lossy(&run.stdout);
        if got != want || run.status != c.status {
            failures.push(format!(
                "{:?}: stdout {got:?} status {} (stderr {:?}); expected {want:?} status {}",
                c.argv,
                run.status,
                String::from_utf8_lossy(&run.stderr),
                c.status
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}\nkernel messages:\n{}",
        arch.name,
        failures.join("\n"),
        boot.kernel
    );
    // The report lists the Linux numbers the program asked for that have no handler.
    assert!(
        boot.kernel
            .contains("call(s) to numbers with no handler (ENOSYS)"),
        "no ENOSYS report:\n{}",
        boot.kernel
    );
    eprintln!("{}", boot.kernel);
}

#[test]
fn busybox_runs_on_x86_64() {
    runs_every_command(&X86_64);
}

#[test]
fn busybox_runs_on_aarch64() {
    runs_every_command(&AARCH64);
}

#[test]
fn busybox_runs_on_riscv64() {
    runs_every_command(&RISCV64);
}
