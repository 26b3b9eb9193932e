//! Per-CPU call counting with host threads as stand-ins for CPUs: every thread with a private
//! id counts in its own shard, threads past the ids share the locked shard, and the total stays
//! exact either way.

use std::collections::HashSet;
use std::sync::Barrier;

use sysgate::cpu::MAX_CPUS;
use sysgate::{dispatch, registry, syscall};

/// Does nothing; counted.
#[syscall(nr = 700, category = "system")]
fn counted() -> u64 {
    0
}

const CALLS: u64 = 10_000;

#[test]
fn threads_count_exactly_in_their_own_shards() {
    let threads = MAX_CPUS + 3;
    let stats = &registry::get_syscall_by_name("counted")
        .expect("registered")
        .stats;
    let barrier = Barrier::new(threads);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                barrier.wait();
                for _ in 0..CALLS {
                    assert_eq!(dispatch(700, [0; 6]), 0);
                }
                // Keep the thread (and its id) alive until every thread has counted.
                barrier.wait();
            });
        }
    });
    let total = threads as u64 * CALLS;
    assert_eq!(stats.calls(), total, "every call counted");
    let per_cpu: Vec<u64> = (0..MAX_CPUS).map(|cpu| stats.calls_on(cpu)).collect();
    // Each shard holds whole threads' calls: no two threads ever shared a private shard.
    assert!(
        per_cpu.iter().all(|&n| n.is_multiple_of(CALLS)),
        "{per_cpu:?}"
    );
    let private: u64 = per_cpu.iter().sum();
    assert_eq!(private + stats.calls_unattributed(), total);
    let owners: HashSet<usize> = (0..MAX_CPUS).filter(|&c| per_cpu[c] > 0).collect();
    assert!(
        owners.len() >= 2,
        "concurrent threads got private shards: {per_cpu:?}"
    );
    assert!(
        stats.calls_unattributed() >= 3 * CALLS,
        "threads past the private ids share the locked shard: {}",
        stats.calls_unattributed()
    );
    assert_eq!(stats.calls_on(MAX_CPUS), 0, "no shard past MAX_CPUS");
}
