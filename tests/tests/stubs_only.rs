//! A user program can depend on the crate that declares the handlers: without sysgate's
//! `kernel` feature it gets each typed stub and links none of the kernel side (no descriptors,
//! no thunks, no number claims). Built as its own workspace (`fixtures/stubs-only`) because the
//! tests here turn `kernel` on. `fixtures/split` builds a kernel and its user program in one
//! workspace.

use std::path::Path;
use std::process::Command;

#[test]
fn stubs_only_links_no_kernel_side() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/stubs-only/Cargo.toml");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stubs-only");
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("stubs only: no handler registered"),
        "{stdout}"
    );
    let binary = target.join("debug/stubs-only-app");
    let bytes = std::fs::read(&binary).expect("the binary exists");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!has(b"__sysgate_nr_"), "no number claim is linked");
    assert!(
        !has(b"Send a datagram."),
        "no descriptor is linked (its doc text would be)"
    );
}
