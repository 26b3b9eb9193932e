#!/usr/bin/env bash
# Installs what the demo and the tests need and says what it did: the pinned toolchain with
# its bare-metal targets (from rust-toolchain.toml) and QEMU for x86_64, AArch64 and RISC-V.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "setup: cargo not found; install rustup first (https://rustup.rs)" >&2
    exit 1
fi
# The first cargo call in this directory installs the pinned toolchain, targets and components.
rustup show active-toolchain >/dev/null 2>&1 || true
missing_targets=$(comm -23 <(printf '%s\n' aarch64-unknown-none riscv64gc-unknown-none-elf x86_64-unknown-none) \
    <(rustup target list --installed 2>/dev/null | sort))
if [ -n "$missing_targets" ]; then
    echo "setup: adding rustup targets: $missing_targets"
    # shellcheck disable=SC2086
    rustup target add $missing_targets
fi

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v qemu-system-aarch64 >/dev/null || need+=(qemu-system-arm)
command -v qemu-system-riscv64 >/dev/null || need+=(qemu-system-misc)
if [ ${#need[@]} -eq 0 ]; then
    echo "setup: QEMU present ($(qemu-system-x86_64 --version | head -n1))"
    exit 0
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
if command -v apt-get >/dev/null && { [ ${#sudo[@]} -eq 0 ] || command -v sudo >/dev/null; }; then
    echo "setup: installing ${need[*]} with apt-get"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    echo "setup: installed $(qemu-system-x86_64 --version | head -n1)"
else
    echo "setup: cannot install ${need[*]} (no apt-get or no root): QEMU boots will be SKIPPED" >&2
fi
