//! Boots Debian's Linux 6.12 with the benchmark's freestanding `/init` under `-icount shift=0`
//! and checks its figures: the calibration loop reads four instructions, the null syscalls
//! cost what a kernel entry costs, a second boot reads exactly the same, and the README's row
//! beside Linux shows the lean figures.
//!
//! Prints `SKIPPED: <reason>` (and passes) when QEMU, the target or the kernel package (Debian's
//! archive) is not reachable.

use std::io::Write;
use std::time::Duration;

use sysgate_qemu::linux::{self, Cmdline, Figures};
use sysgate_qemu::{Error, X86_64, readme};

fn boot() -> Option<Figures> {
    match linux::boot(&X86_64, Cmdline::Lean, Duration::from_secs(300)) {
        Err(Error::Unavailable(why)) => {
            let _ = writeln!(
                std::io::stderr(),
                "\n!!!!!!!! SKIPPED: Linux 6.12 x86_64 reference boot: {why} !!!!!!!!\n"
            );
            None
        }
        figures => Some(figures.expect("Linux boots and /init measures")),
    }
}

#[test]
fn linux_figures_are_sane_and_repeat_exactly() {
    let Some(first) = boot() else {
        return;
    };
    eprintln!("first boot: {first:?}");
    assert!(
        (first.calibration - 4.0).abs() < 0.02,
        "a four-instruction loop reads {}",
        first.calibration
    );
    assert!(
        (100.0..1000.0).contains(&first.enosys),
        "ENOSYS round trip of {} instructions",
        first.enosys
    );
    assert!(
        first.getppid > first.enosys,
        "getppid ({}) runs a handler, ENOSYS ({}) does not",
        first.getppid,
        first.enosys
    );
    let second = boot().expect("the kernel was there a moment ago");
    assert_eq!(first, second, "-icount makes the figures repeat");
    // The lean figures repeat exactly, so the README's row beside Linux must show them.
    let text = std::fs::read_to_string(readme::path()).expect("README.md reads");
    let linux = readme::BESIDE_LINUX
        .find_row(&text, X86_64.name)
        .and_then(readme::linux_figures)
        .expect("README.md has a row beside Linux for x86_64");
    assert_eq!(
        (format!("{:.2}", linux[0]), format!("{:.2}", linux[2])),
        (
            format!("{:.2}", first.enosys),
            format!("{:.2}", first.getppid)
        ),
        "README.md's Linux lean figures for x86_64 are stale; regenerate them with `{}`",
        readme::UPDATE_COMMAND
    );
}
