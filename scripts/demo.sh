#!/usr/bin/env bash
# Boots the example kernel in QEMU and prints what the framework saw, then runs Debian's
# busybox through the kernel's Linux personality and prints the strace-style trace of the run.
# Usage: scripts/demo.sh [x86_64|aarch64|riscv64]   (default x86_64)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
arch=${1:-x86_64}
cargo run --quiet --release -p sysgate-qemu -- run "$arch"
echo
echo "== busybox through the Linux personality (sysgate-qemu linux $arch --trace -- cat /etc/hostname)"
cargo run --quiet --release -p sysgate-qemu -- linux "$arch" --trace -- cat /etc/hostname
