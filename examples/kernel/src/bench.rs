//! Instructions per null-syscall round trip, measured inside the guest.
//!
//! Under `qemu -icount shift=0` the virtual clock advances 1 ns per guest instruction and the
//! x86_64 TSC follows it, so `rdtsc` deltas count instructions and repeat exactly from run to
//! run. Check: the minimal entry's loop is 4 user instructions (`mov`, `syscall`, `dec`, `jne`)
//! plus 2 in the entry (`xor`, `sysretq`), and it measures 5.99 per round trip.
//!
//! Each figure is the difference between two runs of the user program making `LONG` and
//! `SHORT` calls, divided by `LONG - SHORT`: entering and leaving the program cancels out.
//! The program runs with interrupts enabled in user mode, so its handlers run with them enabled
//! and the figures include the real return path (masking, the exit-work check); timer
//! interrupts land at the same instructions in every run under `-icount`.
//! Every run ends with a deliberate user fault rather than `exit`, so the same program works
//! whichever entry is installed; those faults are not printed.

use core::hint::black_box;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::{Mode, arch, heap, println, run_preemptible};

/// The user program's entry, for [`null_round_trips`].
static ENTRY: AtomicUsize = AtomicUsize::new(0);

const SHORT: usize = 1_000;
const LONG: usize = 11_000;

/// The syscall numbers of the null handlers (see `handlers.rs`).
const NULL: usize = 501;
const NULL_FAST: usize = 502;

fn ticks(entry: usize, nr: usize, calls: usize) -> u64 {
    let start = arch::cycles();
    run_preemptible(entry, Mode::Bench, calls, nr);
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

/// A page-aligned 4 KiB kernel buffer.
#[repr(C, align(4096))]
struct Page([u8; COPY]);

/// Bytes per copy in the copy benchmark.
const COPY: usize = 4096;
const COPIES_SHORT: u64 = 10;
const COPIES_LONG: u64 = 110;

/// Ticks per 4 KiB copy, in hundredths: `copy` run `COPIES_LONG` minus `COPIES_SHORT` times.
fn per_copy(mut copy: impl FnMut()) -> u64 {
    let mut ticks = |n: u64| {
        let start = arch::cycles();
        for _ in 0..n {
            copy();
        }
        arch::cycles() - start
    };
    ticks(COPIES_SHORT);
    let short = ticks(COPIES_SHORT);
    let long = ticks(COPIES_LONG);
    long.saturating_sub(short) * 100 / (COPIES_LONG - COPIES_SHORT)
}

/// Instructions per 4 KiB copy: a plain `copy_nonoverlapping` between kernel buffers, and
/// sysgate's `copy_to_user`/`copy_from_user` with a mapped heap page (user-access windows and
/// all). Printed as `copy-bench:` lines.
fn copies() {
    let Ok(user) = heap::alloc(COPY) else {
        return println!("copy-bench: no heap page");
    };
    // `user` is a heap page of `COPY` bytes; the first copy maps it.
    let (a, mut b) = (Page([1; COPY]), Page([0; COPY]));
    let plain = per_copy(|| {
        // SAFETY: two distinct kernel buffers of `COPY` bytes.
        unsafe {
            core::ptr::copy_nonoverlapping(
                black_box(a.0.as_ptr()),
                black_box(b.0.as_mut_ptr()),
                COPY,
            )
        }
    });
    let to_user = per_copy(|| {
        // SAFETY: `user` is a user page of `COPY` bytes.
        black_box(unsafe { sysgate::uaccess::copy_to_user(black_box(user), &a.0) });
    });
    let from_user = per_copy(|| {
        // SAFETY: as above.
        black_box(unsafe { sysgate::uaccess::copy_from_user(&mut b.0, black_box(user)) });
    });
    for (what, v) in [
        ("plain copy_nonoverlapping, kernel to kernel", plain),
        ("sysgate::uaccess::copy_to_user", to_user),
        ("sysgate::uaccess::copy_from_user", from_user),
    ] {
        let ratio = v * 100 / plain.max(1);
        println!(
            "copy-bench: {what:<45} {:>6}.{:02}  x{}.{:02}",
            v / 100,
            v % 100,
            ratio / 100,
            ratio % 100
        );
    }
}

/// Makes the user program call the null handler `n` times through the framework's entry:
/// the real round trip the test runner compares the cost of instrumentation with.
pub fn null_round_trips(n: u32) {
    crate::console::set_user_faults_quiet(true);
    run_preemptible(ENTRY.load(Relaxed), Mode::Bench, n as usize, NULL);
    crate::console::set_user_faults_quiet(false);
}

/// Runs the configurations and prints counts and ratios to the minimal entry, then the copy
/// benchmark.
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
    println!("\n== benchmark: cycle-counter ticks per 4 KiB copy");
    copies();
}
