#!/usr/bin/env bash
# Runs every test: formatting and lints, unit, doc, ui (trybuild), integration, property and
# link-time tests on the host, and the QEMU boots of the example kernel on all three
# architectures (reported as SKIPPED, with the reason, where QEMU or a target is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test --workspace --exclude sysgate-example-kernel --exclude sysgate-example-kernel-extra
