//! Without the `inject` feature the syscall path has no injection check: a handler built with
//! sysgate's default features (as a production kernel builds it) links nothing of
//! `error::inject`, while the same program built with `inject` does (the thunk's check reads
//! the module's switch). Built as its own workspace (`fixtures/no-inject`) because this
//! package enables `inject` for the other tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the fixture in release with `features` and returns its binary.
fn build(features: &[&str]) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/no-inject/Cargo.toml");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "no-inject-{}",
        if features.is_empty() {
            "default"
        } else {
            "inject"
        }
    ));
    let out = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--offline",
            "--release",
            "--manifest-path",
        ])
        .arg(&manifest)
        .args(features.iter().flat_map(|f| ["--features", f]))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("dispatched"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("release/no-inject-app")
}

/// Whether the binary's symbol table names anything of `sysgate::error::inject`.
fn links_injection(binary: &Path) -> bool {
    let bytes = std::fs::read(binary).expect("the binary exists");
    let needle = b"5error6inject";
    bytes.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_default_build_has_no_injection_check() {
    let with = build(&["inject"]);
    assert!(
        links_injection(&with),
        "with `inject` the thunk's check links the module (the control)"
    );
    let without = build(&[]);
    assert!(
        !links_injection(&without),
        "without `inject` nothing of error::inject is linked"
    );
}
