#!/usr/bin/env bash
# Runs `marco optimise` with the default model and default settings on each
# program of examples/hpc/, on inputs about a quarter of each program's
# default size (two shown to the generator, two hidden), and keeps each
# run's summary. Usage: benchmarks/hpc/optimise-examples.sh OUT_DIR [NAME...]
set -euo pipefail
out="${1:?usage: optimise-examples.sh OUT_DIR [NAME...]}"
shift
root="$(cd "$(dirname "$0")/../.." && pwd)"
marco="${MARCO:-$root/target/debug/marco}"
declare -A inputs=(
    [matmul]="720 1|700 2|720 3|680 4"
    [heat_stencil]="1000 350 1|960 350 2|1000 340 3|980 350 4"
    [nbody]="1500 70 1|1500 60 2|1400 70 3|1500 70 4"
    [histogram]="4194304 100 1|4000000 100 2|4194304 90 3|4100000 100 4"
    [kmeans]="100000 8 16 90 1|100000 8 16 80 2|90000 8 16 90 3|100000 8 16 90 4"
    [spmv]="250000 20 15 1|250000 20 14 2|240000 20 15 3|250000 20 15 4"
    [mandelbrot]="800 600 2000|780 600 2000|800 580 2000|800 600 1800"
    [prefix_sum]="2097152 250 1|2000000 250 2|2097152 240 3|2100000 250 4"
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(matmul heat_stencil nbody histogram kmeans spmv mandelbrot prefix_sum)
mkdir -p "$out"
for name in "${names[@]}"; do
    dir="$out/$name"
    mkdir -p "$dir"
    args=()
    IFS='|' read -ra sizes <<<"${inputs[$name]}"
    for i in "${!sizes[@]}"; do
        echo "${sizes[$i]}" >"$dir/input-$i.txt"
        args+=(--input "$dir/input-$i.txt")
    done
    echo "== $name ($(date -u +%H:%M:%S))" >&2
    "$marco" optimise "$root/examples/hpc/$name.rs" "${args[@]}" --out "$dir/$name.optimised.rs" \
        --run-dir "$dir/run" --json >"$dir/summary.json" 2>"$dir/log.txt" || echo "$name failed: see $dir/log.txt" >&2
done
