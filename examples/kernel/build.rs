//! Links the kernel with its architecture's linker script and builds the user program, a
//! separate ELF for the architecture's hard-float target (the kernel is built without FP/SIMD;
//! the user program uses them and checks that they survive), with a nested cargo.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let arch = env::var("CARGO_CFG_TARGET_ARCH").expect("cargo sets CARGO_CFG_TARGET_ARCH");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("none") {
        // Hosted builds stop at the `compile_error!` in main.rs.
        return;
    }
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let script = manifest.join("src/arch").join(&arch).join("kernel.ld");
    println!("cargo:rerun-if-changed={}", script.display());
    println!("cargo:rustc-link-arg-bins=-T{}", script.display());
    println!("cargo:rustc-link-arg-bins=--no-pie");

    let elf = build_user(&manifest, user_target(&arch));
    println!("cargo:rustc-env=SYSGATE_USER_ELF={}", elf.display());
}

/// `<target dir>/user-program`, shared by the kernel builds of every architecture and profile
/// so the user program's host dependencies (the proc macros) are compiled once; `OUT_DIR/user`
/// if cargo's layout (`<target dir>/<triple>/<profile>/build/<pkg>/out`) is not recognised.
fn user_target_dir() -> PathBuf {
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    match out.ancestors().nth(5) {
        Some(root)
            if out.ancestors().nth(2).and_then(|b| b.file_name()) == Some("build".as_ref()) =>
        {
            root.join("user-program")
        }
        _ => out.join("user"),
    }
}

/// The target the user program is built for on `arch`: the one with FP/SIMD registers.
fn user_target(arch: &str) -> &'static str {
    match arch {
        "x86_64" => "x86_64-unknown-none",
        "aarch64" => "aarch64-unknown-none",
        "riscv64" => "riscv64gc-unknown-none-elf",
        other => panic!("the example kernel does not support {other}"),
    }
}

/// Builds `examples/user` for `target` in release mode and returns the ELF's path.
fn build_user(manifest: &std::path::Path, target: &str) -> PathBuf {
    let user = manifest.join("../user");
    for watched in [
        "../user/src",
        "../user/Cargo.toml",
        "../user/build.rs",
        "../../runtime",
        "../kernel-extra",
    ] {
        println!(
            "cargo:rerun-if-changed={}",
            manifest.join(watched).display()
        );
    }
    let target_dir = user_target_dir();
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.arg("build")
        .arg("--release")
        .arg("--manifest-path")
        .arg(user.join("Cargo.toml"))
        .arg("--target")
        .arg(target)
        .arg("--target-dir")
        .arg(&target_dir);
    // Flags and wrappers meant for the kernel build must not leak into the user build.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .expect("failed to run cargo for the user program");
    assert!(
        status.success(),
        "building the user program failed: {status}"
    );
    target_dir
        .join(target)
        .join("release")
        .join("sysgate-example-user")
}
