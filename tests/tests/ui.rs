//! Every misuse of `#[syscall]` is a precise, spanned compile error (`tests/ui/*.rs`).
//! `SYSGATE_UI=ui/<case>.rs` runs one case.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail(std::env::var("SYSGATE_UI").unwrap_or_else(|_| "ui/*.rs".to_owned()));
}
