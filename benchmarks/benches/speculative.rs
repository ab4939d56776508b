//! Speculative decoding on this machine: tokens per second of the target
//! alone and with each drafter (draft length chosen automatically), on a
//! code-rewrite and a prose workload; acceptance; the measured cost of a
//! forward pass over T tokens; time to first token for a repeated prefix.
//!
//! Runs are interleaved (target-only, then each drafter, repeated), and each
//! drafter is reported as a ratio to the target-only run of the same round.
//!
//! `cargo bench -p benchmarks --bench speculative [-- --rounds N --tokens N --target NAME --draft NAME
//! --gpu-layers N|all --json PATH]`; `--json` also writes the results as JSON.
//! Models are pulled if missing (Qwen2.5-Coder 1.5B target, 0.5B draft).

include!("../src/speculative_bench.rs");
