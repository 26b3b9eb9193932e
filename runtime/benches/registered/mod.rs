//! What the table-size benchmarks share: a macro that registers trivial handlers, and the
//! benchmark of ten hot syscalls, run in binaries that register 10, 100 and 1000 handlers.

use std::hint::black_box;

use criterion::Criterion;
use sysgate::dispatch;

/// Declares one trivial handler per number, each in a block of its own so they may share a name.
#[macro_export]
macro_rules! handlers {
    ($($nr:literal)*) => {$(
        const _: () = {
            /// Returns its argument.
            #[sysgate::syscall(nr = $nr, category = "system")]
            fn handler(x: u64) -> u64 {
                x
            }
        };
    )*};
}

/// Dispatch cycling through syscalls `0..n`, as `name` in group `group`.
pub fn cycle(c: &mut Criterion, group: &str, name: &str, n: usize) {
    let mut g = c.benchmark_group(group);
    g.bench_function(name, |b| {
        let mut nr = 0;
        b.iter(|| {
            nr += 1;
            if nr == n {
                nr = 0;
            }
            dispatch(black_box(nr), [nr, 0, 0, 0, 0, 0])
        })
    });
    g.finish();
}

/// The same ten hot syscalls, with `registered` handlers in the table: dispatch is O(1), so
/// this should not depend on `registered`.
pub fn ten_hot(c: &mut Criterion, registered: usize) {
    assert_eq!(sysgate::init().unwrap().len(), registered);
    cycle(
        c,
        "dispatch, 10 hot syscalls (default instrumentation)",
        &format!("{registered} registered"),
        10,
    );
}
