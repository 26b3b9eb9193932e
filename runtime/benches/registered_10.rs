//! Ten hot syscalls with 10 handlers registered; see `registered/mod.rs` and `README.md`.
//!
//! Run: `cargo bench -p sysgate --features std --bench registered_10`.

mod registered;

use criterion::{Criterion, criterion_group, criterion_main};

handlers! { 0 1 2 3 4 5 6 7 8 9 }

fn bench(c: &mut Criterion) {
    registered::ten_hot(c, 10);
}

criterion_group!(benches, bench);
criterion_main!(benches);
