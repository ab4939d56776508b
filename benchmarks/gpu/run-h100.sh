#!/usr/bin/env bash
# The GPU measurements of issue 11, run on the GPU machine inside the
# unpacked package after bin/build-cuda.sh:
#   1. `marco llm profile` (3 times) and `marco llm plan` for each objective;
#   2. the single-stream speculative benchmark (target-only vs each drafter,
#      code-rewrite and prose workloads);
#   3. the edge-load capacity benchmark (centralized vs SLED-style vs ours),
#      devices replaying the 0.5B draft model's recorded proposals.
#
# Usage: bin/run-h100.sh MODELS_DIR OUT_DIR [STEPS]   STEPS: any of "profile speculative edge" (default all)
# Sizes can be changed with PROFILE_KS, PROFILE_TOKENS, SPEC_ROUNDS, SPEC_TOKENS and, for edge-load,
# DEVICES, REQUESTS, MAX_TOKENS, SLO_MS, DRAFT_MS, ROUNDS and RECORD_PASSES. The defaults are what
# benchmarks/results/*-h100.* used, except that edge-load ran as two calls there (DEVICES=4,16,48 and
# DEVICES=96,160, each in its own OUT_DIR), merged by report.py.
set -uo pipefail

pkg=$(cd "$(dirname "$0")/.." && pwd)
models=$(realpath "$1")
out=$(realpath -m "$2")
steps=${3:-profile speculative edge}
mkdir -p "$out"
export LD_LIBRARY_PATH="$pkg/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
export MARCO_MODELS_DIR="$models" MARCO_LOG="${MARCO_LOG:-info}"
target="$models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
draft="$models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
cd "$out"

{
    date -u +%Y-%m-%dT%H:%M:%SZ
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
    grep -m1 'model name' /proc/cpuinfo
    nproc
} > machine.txt 2>&1

for step in $steps; do
    case $step in
    profile)
        for i in 1 2 3; do
            "$pkg/bin/marco" llm profile --model "$target" --drafts "$draft" \
                --ks "${PROFILE_KS:-1,2,3,4,5,6,7,8}" --tokens "${PROFILE_TOKENS:-128}" --out "profile-$i.json" \
                > "profile-$i.txt" 2> "profile-$i.log" || echo "profile $i failed: $?"
        done
        for objective in goodput cost energy; do
            "$pkg/bin/marco" llm plan --profile profile-1.json --objective "$objective" --max-k 8 \
                > "plan-$objective.json" 2>> plan.log || echo "plan $objective failed: $?"
        done
        ;;
    speculative)
        "$pkg/bin/speculative" --target "$target" --draft "$draft" \
            --rounds "${SPEC_ROUNDS:-3}" --tokens "${SPEC_TOKENS:-160}" --json speculative-h100.json \
            > speculative-h100.md 2> speculative.log || echo "speculative failed: $?"
        ;;
    edge)
        command=(edge-load --model "$target" --draft-model "$draft" --plan profile-1.json
            --devices "${DEVICES:-4,16,48,96,160}" --requests "${REQUESTS:-2}" --max-tokens "${MAX_TOKENS:-48}"
            --slo-ms "${SLO_MS:-50}" --draft-ms "${DRAFT_MS:-19.3}" --sled-k 4 --max-k 8 --threads 4
            --rounds "${ROUNDS:-3}" --record-passes "${RECORD_PASSES:-3}"
            --out edge-load-h100.json --table edge-load-h100.md)
        echo "bin/${command[*]}" | sed "s#$models/##g" > edge-load-command.txt
        "$pkg/bin/${command[0]}" "${command[@]:1}" 2> edge-load.log || echo "edge-load failed: $?"
        ;;
    esac
done
ls -la "$out"
