#!/usr/bin/env bash
# Boots the example kernel in QEMU and prints what the framework saw.
# Usage: scripts/demo.sh [x86_64|aarch64|riscv64]   (default x86_64)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec cargo run --quiet --release -p sysgate-qemu -- run "${1:-x86_64}"
