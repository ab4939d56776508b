#!/usr/bin/env bash
# Packages marco for an NVIDIA machine that has CUDA but no Rust toolchain.
#
# Builds here, with the `gpu` feature (llama.cpp with loadable backend
# modules), the `marco` binary and the `edge-load` and `speculative`
# benchmarks, and puts into one directory (and a .tar.gz of it):
#
#   bin/          marco, edge-load, speculative, build-cuda.sh, run-h100.sh
#   bin/backends/ llama.cpp's CPU modules (every x86-64 variant; llama.cpp
#                 loads the best one for the processor). build-cuda.sh adds
#                 libggml-cuda.so here, built on the GPU machine.
#   lib/          libllama, libggml, libggml-base (and libgomp) they link to
#   llama.cpp-src.tar.xz  the llama.cpp source these were built from (the
#                 copy inside the llama-cpp-sys-2 crate), for build-cuda.sh
#
# Usage: benchmarks/gpu/package.sh [OUT_DIR]   (default: dist/marco-gpu)
# Honours CARGO_TARGET_DIR and CARGO_BUILD_JOBS.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$repo/dist/marco-gpu}")
target_dir=$(realpath -m "${CARGO_TARGET_DIR:-$repo/target}")
# A baseline every x86-64 server of the last decade runs, instead of this
# machine's own (.cargo/config.toml says native): the binary runs elsewhere,
# and the CPU-heavy code is in llama.cpp's modules, chosen at run time.
export RUSTFLAGS="${RUSTFLAGS:--C target-cpu=x86-64-v3}"
export CARGO_TARGET_DIR="$target_dir"

cd "$repo"
cargo build --release -p marco -p benchmarks --features marco/gpu,benchmarks/gpu \
    --bin marco --bin edge-load --bin speculative-bench
speculative="$target_dir/release/speculative-bench"

# The llama.cpp build of the `dynamic-backends` feature: the newest build
# directory of llama-cpp-sys-2 that installed backend modules.
llama_out=$(ls -td "$target_dir"/release/build/llama-cpp-sys-2-*/out 2>/dev/null |
    while read -r d; do ls "$d"/backends/libggml-cpu-*.so >/dev/null 2>&1 && { echo "$d"; break; }; done)
[ -n "$llama_out" ] || { echo "package.sh: no llama.cpp build with backend modules under $target_dir" >&2; exit 1; }

version=$(awk '/^name = "llama-cpp-sys-2"/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock)
source_dir=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/llama-cpp-sys-2-"$version"/llama.cpp | head -1)
[ -d "$source_dir" ] || { echo "package.sh: no llama.cpp source of llama-cpp-sys-2 $version" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/bin/backends" "$out/lib"
cp "$target_dir/release/marco" "$target_dir/release/edge-load" "$out/bin/"
cp "$speculative" "$out/bin/speculative"
cp "$repo"/benchmarks/gpu/build-cuda.sh "$repo"/benchmarks/gpu/run-h100.sh "$out/bin/"
cp "$llama_out"/backends/libggml-cpu-*.so "$out/bin/backends/"
# -P keeps the versioned names and their symbolic links.
cp -P "$llama_out"/build/bin/libllama.so* "$llama_out"/build/bin/libggml.so* "$llama_out"/build/bin/libggml-base.so* \
    "$out/lib/"
gomp=$(ldd "$out/bin/backends/libggml-cpu-x64.so" | awk '/libgomp/ { print $3 }')
[ -n "$gomp" ] && cp -L "$gomp" "$out/lib/"
strip --strip-unneeded "$out"/bin/marco "$out"/bin/edge-load "$out"/bin/speculative "$out"/lib/*.so* \
    "$out"/bin/backends/*.so 2>/dev/null || true
tar -C "$(dirname "$source_dir")" -cJf "$out/llama.cpp-src.tar.xz" llama.cpp
echo "llama-cpp-sys-2 $version" > "$out/llama.cpp-version"
tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
du -sh "$out" "$out.tar.gz"
