#!/usr/bin/env bash
# Builds llama.cpp's CUDA backend module on the GPU machine, from the same
# llama.cpp source the packaged binaries were built from, and puts it next
# to the CPU modules (bin/backends/libggml-cuda.so). Needs nvcc and cmake;
# about 7 minutes on 16 cores for one architecture.
#
# Usage (in the unpacked package): bin/build-cuda.sh [BUILD_DIR]
#   CUDA_ARCHITECTURES=90 (H100/H200; e.g. "80;90" for A100 and H100)
set -euo pipefail

pkg=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$pkg/cuda-build}
src=$build/llama.cpp
mkdir -p "$build"
[ -d "$src" ] || tar -C "$build" -xJf "$pkg/llama.cpp-src.tar.xz"
command -v nvcc >/dev/null || export PATH=/usr/local/cuda/bin:$PATH

# The crate ships llama.cpp without the tools' CMake files: build the ggml
# library only. GGML_BACKEND_DL makes the CUDA code a loadable module, as
# the CPU code is in the package.
cmake -S "$src" -B "$build/out" -DCMAKE_BUILD_TYPE=Release \
    -DGGML_CUDA=ON -DGGML_BACKEND_DL=ON -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=ON \
    -DCMAKE_CUDA_ARCHITECTURES="${CUDA_ARCHITECTURES:-90}" -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TOOLS=OFF \
    -DLLAMA_BUILD_COMMON=OFF
cmake --build "$build/out" --target ggml-cuda -j "$(nproc)"
cp "$build/out/bin/libggml-cuda.so" "$pkg/bin/backends/"
echo "built $pkg/bin/backends/libggml-cuda.so"
