//! A binary that uses the runtime but registers no kernel fails to link, and the error names the
//! macro that would have defined what is missing: `sysgate::kernel!(<method>)`. The fixture
//! (`fixtures/no-kernel`) builds without `std`, so the host kernel is not registered either.

use std::path::Path;
use std::process::Command;

#[test]
fn a_missing_kernel_is_a_link_error_naming_the_macro() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/no-kernel");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-kernel");
    let out = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline", "--manifest-path"])
        .arg(fixture.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "it must not link:\n{stderr}");
    // Dispatch asks the kernel for the current thread's policy on every call.
    assert!(
        stderr.contains("sysgate::kernel!(policy)"),
        "the error names `sysgate::kernel!(policy)`:\n{stderr}"
    );
    // lld says `undefined symbol: name`, GNU ld "undefined reference to `name'".
    let undefined: Vec<_> = stderr
        .lines()
        .filter_map(|l| {
            l.split("undefined symbol: ")
                .nth(1)
                .or_else(|| l.split("undefined reference to `").nth(1))
        })
        .collect();
    assert!(
        !undefined.is_empty() && undefined.iter().all(|s| s.starts_with("sysgate::kernel!(")),
        "every missing symbol is one `sysgate::kernel!` defines: {undefined:?}\n{stderr}"
    );
}
