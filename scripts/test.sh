#!/usr/bin/env bash
# Runs every test: formatting and lints, unit, doc, ui (trybuild), integration, property, fuzz,
# stress and link-time tests on the host, and the QEMU boots of the example kernel on all three
# architectures (reported as SKIPPED, with the reason, where QEMU or a target is missing; with
# CI=true a skip fails the run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --all-targets --quiet --features sysgate/std -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p sysgate -p sysgate-macros
# The example kernel builds for the targets without FP/SIMD; the runtime also for the
# hard-float ones, where the AArch64 entry saves the FP/SIMD registers.
for target in x86_64-unknown-none aarch64-unknown-none-softfloat riscv64imac-unknown-none-elf; do
    cargo clippy --quiet --target "$target" \
        -p sysgate -p sysgate-example-kernel -p sysgate-example-kernel-extra -- -D warnings
done
for target in aarch64-unknown-none riscv64gc-unknown-none-elf; do
    cargo clippy --quiet --target "$target" -p sysgate --features test-runner,bench-entries,codegen \
        -- -D warnings
done
for target in x86_64-unknown-none aarch64-unknown-none aarch64-unknown-none-softfloat \
    riscv64gc-unknown-none-elf riscv64imac-unknown-none-elf; do
    # What docs.rs renders for this target (Cargo.toml's docs.rs metadata): the arch modules.
    RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p sysgate --target "$target" \
        --features test-runner,bench-entries,codegen
done
# The two published crates package and build from their packages (the macros crate from a
# local registry overlay, as `cargo publish` would upload it first).
cargo package --quiet --allow-dirty -p sysgate-macros -p sysgate

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --exclude sysgate-example-kernel --exclude sysgate-example-kernel-extra \
    2>&1 | tee "$log" || status=$?
# Coverage-guided fuzzing from the committed seeds: SYSGATE_FUZZ_SECONDS per target.
bash scripts/fuzz.sh "${SYSGATE_FUZZ_SECONDS:-60}" 2>&1 | tee -a "$log" || status=$?

bash scripts/summary.sh "$log" "$status"
