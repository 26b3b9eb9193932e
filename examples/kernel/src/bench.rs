//! Instructions per null-syscall round trip, measured inside the guest.
//!
//! Under `qemu -icount shift=0` the virtual clock advances 1 ns per guest instruction and the
//! x86_64 TSC follows it, so `rdtsc` deltas count instructions and repeat exactly from run to
//! run. Check: the minimal entry's loop is 4 user instructions (`mov`, `syscall`, `dec`, `jne`)
//! plus 2 in the entry (`xor`, `sysretq`), and it measures 5.99 per round trip.
//!
//! Each figure is the difference between two runs of the user program making `LONG` and
//! `SHORT` calls, divided by `LONG - SHORT`: entering and leaving the program cancels out.
//! Every run ends with a deliberate user fault rather than `exit`, so the same program works
//! whichever entry is installed; those faults are not printed.

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::{Mode, arch, println, run};

/// The user program's entry, for [`null_round_trips`].
static ENTRY: AtomicUsize = AtomicUsize::new(0);

const SHORT: usize = 1_000;
const LONG: usize = 11_000;

/// The syscall numbers of the null handlers (see `handlers.rs`).
const NULL: usize = 501;
const NULL_FAST: usize = 502;

fn ticks(entry: usize, nr: usize, calls: usize) -> u64 {
    let start = arch::cycles();
    run(entry, Mode::Bench, calls, nr);
    arch::cycles() - start
}

/// Ticks per round trip of syscall `nr`, in hundredths, after one warm-up run (which lets
/// QEMU translate the code once, outside the measurement).
fn per_call(entry: usize, nr: usize) -> u64 {
    ticks(entry, nr, SHORT);
    let short = ticks(entry, nr, SHORT);
    let long = ticks(entry, nr, LONG);
    long.saturating_sub(short) * 100 / (LONG - SHORT) as u64
}

/// Makes the user program call the null handler `n` times through the framework's entry:
/// the real round trip the test runner compares the cost of instrumentation with.
pub fn null_round_trips(n: u32) {
    crate::console::set_user_faults_quiet(true);
    run(ENTRY.load(Relaxed), Mode::Bench, n as usize, NULL);
    crate::console::set_user_faults_quiet(false);
}

/// Runs the configurations and prints counts and ratios to the minimal entry.
pub fn run_all(entry: usize) {
    ENTRY.store(entry, Relaxed);
    crate::console::set_user_faults_quiet(true);
    arch::use_minimal_entry(true);
    let minimal = per_call(entry, NULL);
    arch::use_minimal_entry(false);
    sysgate::perf::disable();
    let off = per_call(entry, NULL);
    sysgate::perf::enable();
    let instrumented = per_call(entry, NULL);
    let fast = per_call(entry, NULL_FAST);
    crate::console::set_user_faults_quiet(false);
    println!("\n== benchmark: cycle-counter ticks per null-syscall round trip");
    println!("   (= guest instructions when booted with -icount shift=0)");
    for (what, v) in [
        ("minimal entry, returns at once", minimal),
        ("framework dispatch, instrumentation off", off),
        ("framework dispatch, default instrumentation", instrumented),
        ("framework dispatch, `fast` handler", fast),
    ] {
        let ratio = v * 100 / minimal.max(1);
        println!(
            "bench: {what:<45} {:>5}.{:02}  x{}.{:02}",
            v / 100,
            v % 100,
            ratio / 100,
            ratio % 100
        );
    }
}
