use sysgate::syscall;

// Unknown architecture, with a suggestion.
#[syscall(nr(x86_64 = 1, arm64 = 64), category = "file")]
fn write_a() {}

// One architecture twice.
#[syscall(nr(x86_64 = 1, x86_64 = 2), category = "file")]
fn write_b() {}

// A number past the table, on one architecture.
#[syscall(nr(x86_64 = 1, riscv64 = 4096), category = "file")]
fn write_c() {}

// Not a literal; no architecture at all.
#[syscall(nr(aarch64 = N), category = "file")]
fn write_d() {}

#[syscall(nr(), category = "file")]
fn write_e() {}

// `nr = N` and `nr(…)` together.
#[syscall(nr = 1, nr(x86_64 = 1), category = "file")]
fn write_f() {}

fn main() {}
