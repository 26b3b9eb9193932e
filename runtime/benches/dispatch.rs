//! The cost of a syscall through sysgate, side by side with what it replaces and what it adds to.
//!
//! Run: `cargo bench -p sysgate --features std --bench dispatch` (`std` gives each thread its
//! own call-counter shard, as each CPU has in a kernel). See `README.md` next to this file.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sysgate::{dispatch, perf, syscall};

/// A handler that does almost nothing, so the framework's cost dominates.
#[syscall(nr = 39, category = "process")]
fn getpid() -> u64 {
    7
}

/// The same for a second number, to show two threads on different syscalls do not interfere.
#[syscall(nr = 110, category = "process")]
fn getppid() -> u64 {
    1
}

/// The same handler with instrumentation compiled out.
#[syscall(nr = 186, category = "process", fast)]
fn gettid() -> u64 {
    7
}

/// Statistics as the original description kept them: in a `HashMap` behind a `Mutex`.
#[derive(Default)]
struct MutexStats {
    calls: u64,
    total: Duration,
    min: Option<Duration>,
    max: Duration,
}

struct MutexMonitor(Mutex<HashMap<usize, MutexStats>>);

impl MutexMonitor {
    fn call(&self, nr: usize) -> isize {
        let start = Instant::now();
        let ret = dispatch(nr, [0; 6]);
        let took = start.elapsed();
        let mut map = self.0.lock().unwrap();
        let s = map.entry(nr).or_default();
        s.calls += 1;
        s.total += took;
        s.min = Some(s.min.map_or(took, |m| m.min(took)));
        s.max = s.max.max(took);
        ret
    }
}

/// Linux's cost of entering and leaving the kernel: `syscall` with a number it does not know.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn null_syscall() -> isize {
    let ret: isize;
    // SAFETY: number 100000 is no Linux syscall: the kernel returns -ENOSYS and touches nothing.
    unsafe {
        std::arch::asm!("syscall", inlateout("rax") 100_000isize => ret,
            lateout("rcx") _, lateout("r11") _, options(nostack))
    };
    ret
}

/// Runs `op` `iters` times on each of two threads started together; returns the time per call
/// on one thread.
fn two_threads(iters: u64, op: impl Fn(usize) + Sync) -> Duration {
    let barrier = Barrier::new(2);
    thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let (barrier, op) = (&barrier, &op);
                s.spawn(move || {
                    barrier.wait();
                    let start = Instant::now();
                    for _ in 0..iters {
                        op(t);
                    }
                    start.elapsed()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .max()
            .unwrap()
    })
}

fn configure(enabled: bool, period: u32) {
    if enabled {
        perf::enable();
    } else {
        perf::disable();
    }
    perf::set_sample_period(period).unwrap();
}

fn single_thread(c: &mut Criterion) {
    sysgate::init().unwrap();
    let mut g = c.benchmark_group("one thread");
    g.bench_function("a direct call", |b| b.iter(|| black_box(getpid)()));
    configure(false, 0);
    g.bench_function("b dispatch, instrumentation off", |b| {
        b.iter(|| dispatch(black_box(39), [0; 6]))
    });
    configure(true, perf::DEFAULT_SAMPLE_PERIOD);
    g.bench_function("b' dispatch, `fast` handler", |b| {
        b.iter(|| dispatch(black_box(186), [0; 6]))
    });
    configure(true, 0);
    g.bench_function("c counts only", |b| {
        b.iter(|| dispatch(black_box(39), [0; 6]))
    });
    configure(true, perf::DEFAULT_SAMPLE_PERIOD);
    g.bench_function("d counts + latency 1 in 64 (default)", |b| {
        b.iter(|| dispatch(black_box(39), [0; 6]))
    });
    configure(true, 1);
    g.bench_function("e counts + latency every call", |b| {
        b.iter(|| dispatch(black_box(39), [0; 6]))
    });
    configure(false, 0);
    let monitor = MutexMonitor(Mutex::new(HashMap::new()));
    g.bench_function("f Mutex<HashMap> monitor", |b| {
        b.iter(|| monitor.call(black_box(39)))
    });
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    g.bench_function("g Linux null syscall", |b| b.iter(null_syscall));
    g.finish();
    configure(true, perf::DEFAULT_SAMPLE_PERIOD);
}

fn contended(c: &mut Criterion) {
    let mut g = c.benchmark_group("two threads");
    configure(true, perf::DEFAULT_SAMPLE_PERIOD);
    g.bench_function("d default, same syscall", |b| {
        b.iter_custom(|n| {
            two_threads(n, |_| {
                black_box(dispatch(black_box(39), [0; 6]));
            })
        })
    });
    g.bench_function("d default, different syscalls", |b| {
        b.iter_custom(|n| {
            two_threads(n, |t| {
                black_box(dispatch(black_box([39, 110][t]), [0; 6]));
            })
        })
    });
    configure(false, 0);
    let monitor = MutexMonitor(Mutex::new(HashMap::new()));
    g.bench_function("f Mutex<HashMap> monitor, same syscall", |b| {
        b.iter_custom(|n| {
            two_threads(n, |_| {
                black_box(monitor.call(black_box(39)));
            })
        })
    });
    configure(true, perf::DEFAULT_SAMPLE_PERIOD);
    g.finish();
}

/// Two counters `distance` bytes apart in one 256-byte block, one per thread.
#[repr(C, align(128))]
struct Block([AtomicU64; 32]);

fn false_sharing(c: &mut Criterion) {
    let mut g = c.benchmark_group("counter layout, two threads");
    for (name, distance) in [
        ("adjacent (8 bytes apart)", 8),
        ("padded to 64 bytes", 64),
        ("padded to 128 bytes", 128),
    ] {
        let block = Block([const { AtomicU64::new(0) }; 32]);
        g.bench_function(name, |b| {
            b.iter_custom(|n| {
                two_threads(n, |t| {
                    block.0[t * distance / 8].fetch_add(1, Relaxed);
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, single_thread, contended, false_sharing);
criterion_main!(benches);
