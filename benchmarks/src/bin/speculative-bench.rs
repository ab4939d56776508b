//! The speculative decoding benchmark (`benches/speculative.rs`) as a plain
//! binary, for builds without dev-dependencies (benchmarks/gpu/package.sh).

include!("../speculative_bench.rs");
