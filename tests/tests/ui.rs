//! Every misuse of `#[syscall]` is a precise, spanned compile error (`tests/ui/*.rs`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}
