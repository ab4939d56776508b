#!/usr/bin/env bash
# Builds, for another machine, each example of examples/hpc/ and the version
# `marco optimise` kept for it (RUNS_DIR/NAME/NAME.optimised.rs, from
# optimise-examples.sh): static executables for a baseline x86-64 (v3: every
# server of the last decade), linked against the same pinned crates a
# candidate may use (sandbox/crates/Cargo.lock), built here with cargo.
# Usage: benchmarks/hpc/build-pairs.sh RUNS_DIR OUT_DIR
set -euo pipefail
runs="$(realpath "${1:?usage: build-pairs.sh RUNS_DIR OUT_DIR}")"
out="$(realpath -m "${2:?usage: build-pairs.sh RUNS_DIR OUT_DIR}")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/sandbox/crates/Cargo.toml" "$root/sandbox/crates/Cargo.lock" "$work/"
mkdir -p "$work/src/bin" "$out"
touch "$work/src/lib.rs"
for original in "$root"/examples/hpc/*.rs; do
    name="$(basename "$original" .rs)"
    kept="$runs/$name/$name.optimised.rs"
    [ -f "$kept" ] || { echo "no kept version of $name" >&2; continue; }
    cp "$original" "$work/src/bin/${name}__original.rs"
    cp "$kept" "$work/src/bin/${name}__kept.rs"
done
RUSTFLAGS="-C target-cpu=x86-64-v3 -C target-feature=+crt-static" \
    cargo build --release --locked --bins --manifest-path "$work/Cargo.toml" \
    --target x86_64-unknown-linux-gnu --target-dir "$work/target"
for bin in "$work"/target/x86_64-unknown-linux-gnu/release/*__*; do
    [ -x "$bin" ] && [ -f "$bin" ] && cp "$bin" "$out/"
done
ls -la "$out" >&2
