//! A kernel and its user program built together in one workspace (`fixtures/split`), where
//! cargo unifies sysgate's features: the kernel still registers every shared handler and the
//! user program's stubs still work, because the kernel side is the additive `kernel` feature.

use std::path::Path;
use std::process::Command;

/// Runs `cargo <args>` on the fixture workspace; returns its stdout.
fn cargo(manifest: &Path, target: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .args(["--quiet", "--offline", "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo {args:?}:\n{stdout}\n{stderr}");
    stdout
}

/// Runs a binary of the fixture; returns its stdout.
fn run(binary: &Path) -> String {
    let out = Command::new(binary).output().expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}:\n{stdout}\n{}",
        binary.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn kernel_and_user_program_build_in_one_workspace() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/split/Cargo.toml");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("split");
    // One build of both: sysgate is compiled once, with the features of both unified.
    cargo(&manifest, &target, &["build", "--workspace"]);
    let kernel = run(&target.join("debug/split-kernel"));
    assert!(kernel.contains("kernel: 2 handlers registered"), "{kernel}");
    let user = run(&target.join("debug/split-user"));
    assert!(user.contains("user: getpid() = Ok(7)"), "{user}");

    // The user program on its own leaves `kernel` off: stubs only, an empty table.
    cargo(&manifest, &target, &["build", "-p", "split-user"]);
    let user = run(&target.join("debug/split-user"));
    assert!(user.contains("user: getpid() = Err(ENOSYS)"), "{user}");
}
