#!/usr/bin/env python3
"""Times each kept version against its original, interleaved, on this
machine's cores: NAME__original and NAME__kept executables in BIN_DIR, each
fed the example's default input (empty stdin). Prints a markdown table and
writes JSON: median wall ratio kept/original with a 95% bootstrap interval
of the median of the paired ratios, CPU times, threads available, and the
parallel efficiency (speed-up over the cores used).

Usage: compare.py BIN_DIR ROUNDS OUT_JSON
"""
import json
import os
import random
import resource
import subprocess
import sys
import time


def run(path):
    """Wall seconds, CPU seconds (user + system, all threads) and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([path], input=b"", capture_output=True, check=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.decode()


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def interval(ratios, resamples=2000, seed=0x6D6172636F21):
    rng = random.Random(seed)
    medians = sorted(median([rng.choice(ratios) for _ in ratios]) for _ in range(resamples))
    return medians[int(0.025 * (resamples - 1))], medians[int(0.975 * (resamples - 1))]


def main():
    bin_dir, rounds, out_json = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    cores = len(os.sched_getaffinity(0))
    names = sorted({f.split("__")[0] for f in os.listdir(bin_dir) if "__" in f})
    results = []
    for name in names:
        a, b = os.path.join(bin_dir, f"{name}__original"), os.path.join(bin_dir, f"{name}__kept")
        _, _, expected = run(a)  # warm-up, and the output to match
        _, _, got = run(b)
        pairs = []
        for _ in range(rounds):
            pairs.append((run(a), run(b)))
        ratios = [pb[0] / pa[0] for pa, pb in pairs]
        ratio = median(ratios)
        low, high = interval(ratios)
        a_cpu = median([pa[1] for pa, _ in pairs])
        b_cpu = median([pb[1] for _, pb in pairs])
        b_wall = median([pb[0] for _, pb in pairs])
        # Cores the kept version kept busy on average: CPU time over wall time.
        busy = b_cpu / b_wall
        result = {
            "name": name,
            "same_output": expected == got,
            "original_ms": median([pa[0] for pa, _ in pairs]) * 1e3,
            "kept_ms": b_wall * 1e3,
            "ratio": ratio,
            "ci_low": low,
            "ci_high": high,
            "speedup": 1 / ratio,
            "original_cpu_ms": a_cpu * 1e3,
            "kept_cpu_ms": b_cpu * 1e3,
            "cores": cores,
            "average_busy_cores": busy,
            "efficiency_over_cores": (1 / ratio) / cores,
            "rounds": rounds,
        }
        results.append(result)
        print(json.dumps(result), flush=True)
    with open(out_json, "w") as f:
        json.dump(results, f, indent=2)
    print(f"\n| program | original ms | kept ms | speed-up (95% CI) | busy cores | efficiency over {cores} cores | same output |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(
            f"| {r['name']} | {r['original_ms']:.0f} | {r['kept_ms']:.0f} | {r['speedup']:.2f}x "
            f"({1 / r['ci_high']:.2f}-{1 / r['ci_low']:.2f}) | {r['average_busy_cores']:.1f} | "
            f"{r['efficiency_over_cores'] * 100:.0f}% | {r['same_output']} |"
        )


if __name__ == "__main__":
    main()
