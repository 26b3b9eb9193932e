//! The cost of tracing: a dispatched call with tracing off, on for every call, and on for one
//! other syscall only (the per-syscall switch's extra test).
//!
//! Run: `cargo bench -p sysgate --bench trace`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sysgate::{dispatch, perf, syscall, trace};

/// A handler that does almost nothing, so the tracing cost dominates.
#[syscall(nr = 39, category = "process")]
fn getpid() -> u64 {
    7
}

/// Three arguments, rendered when the trace is printed (not on the syscall path).
#[syscall(nr = 1, category = "file")]
fn write(fd: u32, addr: usize, len: usize) -> Result<usize, sysgate::Errno> {
    let _ = (fd, addr);
    Ok(len)
}

fn bench(c: &mut Criterion) {
    sysgate::init().expect("handlers register");
    // Instrumentation off, so the difference is the trace alone.
    perf::disable();
    let mut g = c.benchmark_group("trace");
    for (label, setup) in [
        ("off", trace::disable_all as fn()),
        ("one other syscall selected", || {
            trace::disable_all();
            trace::trace_syscall(1, true);
        }),
        ("every call", || {
            trace::disable_all();
            trace::enable();
        }),
    ] {
        setup();
        g.bench_function(format!("getpid, tracing {label}"), |b| {
            b.iter(|| dispatch(black_box(39), black_box([0; 6])))
        });
        g.bench_function(format!("write(1, a, 5), tracing {label}"), |b| {
            b.iter(|| dispatch(black_box(1), black_box([1, 0x1000, 5, 0, 0, 0])))
        });
    }
    g.finish();
    trace::disable_all();
    trace::clear();
}

criterion_group!(benches, bench);
criterion_main!(benches);
