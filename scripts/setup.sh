#!/usr/bin/env bash
# Installs what the demo and the tests need and says what it did: the pinned toolchain with the
# bare-metal targets and the components rust-toolchain.toml names (each added explicitly), and
# QEMU for x86_64, AArch64 and RISC-V.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "setup: cargo not found; install rustup first (https://rustup.rs)" >&2
    exit 1
fi
# rust-toolchain.toml names the toolchain, its targets and components, but rustup adds the
# missing ones only when it installs the toolchain itself (not with RUSTUP_AUTO_INSTALL=0 or a
# toolchain that is already there), so each is checked and added explicitly.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
    echo "setup: installing the pinned toolchain $toolchain"
    rustup toolchain install "$toolchain" --profile minimal
fi
# Kernels build for the targets without FP/SIMD (aarch64 softfloat, riscv64imac), user
# programs for the hard-float ones.
targets=(x86_64-unknown-none aarch64-unknown-none aarch64-unknown-none-softfloat
    riscv64gc-unknown-none-elf riscv64imac-unknown-none-elf)
components=(llvm-tools rust-src rustfmt clippy)
missing_targets=$(comm -23 <(printf '%s\n' "${targets[@]}" | sort) \
    <(rustup target list --installed --toolchain "$toolchain" 2>/dev/null | sort))
if [ -n "$missing_targets" ]; then
    echo "setup: adding rustup targets:" $missing_targets
    # shellcheck disable=SC2086
    rustup target add --toolchain "$toolchain" $missing_targets
fi
# Installed components carry the host triple (`llvm-tools-x86_64-unknown-linux-gnu`).
installed_components=$(rustup component list --installed --toolchain "$toolchain" 2>/dev/null |
    sed -E 's/-(x86_64|aarch64|riscv64gc|i686|powerpc64le|s390x)-.*$//; s/-preview$//' | sort -u)
missing_components=$(comm -23 <(printf '%s\n' "${components[@]}" | sort) <(printf '%s\n' "$installed_components"))
if [ -n "$missing_components" ]; then
    echo "setup: adding rustup components:" $missing_components
    # shellcheck disable=SC2086
    rustup component add --toolchain "$toolchain" $missing_components
fi
echo "setup: toolchain $toolchain with targets ${targets[*]} and components ${components[*]}"

# The fuzz targets (scripts/fuzz.sh) build with cargo-fuzz on the nightly toolchain.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "setup: installing the nightly toolchain for cargo fuzz"
    rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
    echo "setup: installing cargo-fuzz from crates.io"
    cargo +"$toolchain" install cargo-fuzz --locked
fi
echo "setup: $(cargo fuzz --version 2>/dev/null || echo cargo-fuzz) with $(rustup run nightly rustc --version)"

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
