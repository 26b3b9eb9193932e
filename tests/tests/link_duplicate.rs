//! Two crates that declare one syscall number fail to link, naming the number and both
//! handlers: name, module (with its crate) and file:line, from the claims' section names.
//!
//! Within one crate the duplicate is a compile error (`ui/duplicate_nr.rs`); across crates
//! only the linker sees both, so this test builds a small workspace (`fixtures/duplicate-nr`)
//! and reads the linker's error.

use std::path::Path;
use std::process::Command;

#[test]
fn duplicate_numbers_across_crates_fail_to_link() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/duplicate-nr/app");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("duplicate-nr");
    let out = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline", "--manifest-path"])
        .arg(fixture.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the duplicate must not link:\n{stderr}"
    );
    assert!(
        stderr.contains("__sysgate_nr_500"),
        "the error names the claimed number:\n{stderr}"
    );
    assert!(
        stderr.contains("multiple definition") || stderr.contains("duplicate symbol"),
        "the error is a duplicate definition:\n{stderr}"
    );
    for (handler, krate, dir) in [
        ("claim_one", "duplicate_nr_one", "one"),
        ("claim_two", "duplicate_nr_two", "two"),
    ] {
        let named = format!("sysgate.nr500: {handler} in {krate} at ");
        let at = stderr
            .find(&named)
            .unwrap_or_else(|| panic!("the error names `{handler}`:\n{stderr}"));
        let place = format!("duplicate-nr/{dir}/src/lib.rs:2");
        let location = stderr[at + named.len()..].split(['+', ')']).next().unwrap();
        assert!(
            location.ends_with(&place),
            "the error gives `{handler}`'s file and line ({place}), not `{location}`:\n{stderr}"
        );
    }
}
