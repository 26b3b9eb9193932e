//! Two crates that declare one syscall number fail to link, naming the number and both
//! handlers: name, module (with its crate) and file:line, from the claims' section names. The
//! guard is per table: both crates also claim Linux 7 in a declared table (a second duplicate),
//! and Linux 500 beside native 500 is no conflict.
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
    assert!(
        stderr.contains("__sysgate_LINUX_nr_7"),
        "the error names the number claimed twice in the declared table:\n{stderr}"
    );
    assert!(
        !stderr.contains("__sysgate_LINUX_nr_500"),
        "one number in two tables is no duplicate:\n{stderr}"
    );
    for (claim, handler, krate, dir, line) in [
        ("nr500", "claim_one", "duplicate_nr_one", "one", 2),
        ("nr500", "claim_two", "duplicate_nr_two", "two", 2),
        ("LINUX_nr7", "linux_one", "duplicate_nr_one", "one", 8),
        ("LINUX_nr7", "linux_two", "duplicate_nr_two", "two", 8),
    ] {
        let named = format!("sysgate.{claim}: {handler} in {krate} at ");
        let at = stderr
            .find(&named)
            .unwrap_or_else(|| panic!("the error names `{handler}`:\n{stderr}"));
        let place = format!("duplicate-nr/{dir}/src/lib.rs:{line}");
        let location = stderr[at + named.len()..].split(['+', ')']).next().unwrap();
        assert!(
            location.ends_with(&place),
            "the error gives `{handler}`'s file and line ({place}), not `{location}`:\n{stderr}"
        );
    }
}
