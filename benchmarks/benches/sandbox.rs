//! How fast the sandbox turns a candidate into an outcome.
//!
//! * `cold/{wasm,native}`: screen + rustc + run of a 61-line program never
//!   seen before (a nonce comment defeats the artifact cache each iteration).
//! * `cached/{wasm,native}`: the same program again: a cache hit plus a run.
//! * `throughput/wasm_cached_2_threads`: cached evaluations with two threads
//!   busy; criterion's throughput line gives candidates per second.
//! * `throughput/wasm_cold_2_threads`: fresh candidates built and run on two
//!   threads (bounded by the sandbox's build slots).
//!
//! Run with `cargo bench -p benchmarks --bench sandbox`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sandbox::{Limits, Program, Sandbox, SandboxConfig, Target};

const COLLATZ: &str = include_str!("../../examples/collatz.rs");
/// Small enough that the run is a fraction of the build.
const STDIN: &[u8] = b"10000\n";

/// A source the cache has never seen: unique per process and call.
fn fresh_source() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    format!("{COLLATZ}\n// nonce {pid}-{nanos}-{n}\n")
}

fn evaluate_ok(sandbox: &Sandbox, program: &Program, target: Target) {
    let outcome = sandbox.evaluate(program, target, STDIN, &Limits::default()).expect("sandbox failure");
    assert!(outcome.is_ok(), "collatz did not run: {:?} {:?}", outcome.status, outcome.message);
}

fn sandbox_benches(c: &mut Criterion) {
    let cache = tempfile::tempdir().expect("temporary cache directory");
    let config = SandboxConfig { cache_dir: cache.path().to_path_buf(), ..SandboxConfig::default() };
    let sandbox = Sandbox::new(config).expect("sandbox");
    let known = Program::new(COLLATZ);

    let mut cold = c.benchmark_group("cold");
    cold.sample_size(10).measurement_time(Duration::from_secs(8));
    for (name, target) in [("wasm", Target::Wasm), ("native", Target::Native)] {
        cold.bench_function(name, |b| {
            b.iter(|| evaluate_ok(&sandbox, &Program::new(fresh_source()), target));
        });
    }
    cold.finish();

    let mut cached = c.benchmark_group("cached");
    for (name, target) in [("wasm", Target::Wasm), ("native", Target::Native)] {
        evaluate_ok(&sandbox, &known, target);
        cached.bench_function(name, |b| b.iter(|| evaluate_ok(&sandbox, &known, target)));
    }
    cached.finish();

    let mut throughput = c.benchmark_group("throughput");
    throughput.throughput(Throughput::Elements(2));
    throughput.bench_function("wasm_cached_2_threads", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| evaluate_ok(&sandbox, &known, Target::Wasm));
                }
            })
        });
    });
    throughput.sample_size(10).measurement_time(Duration::from_secs(10));
    throughput.bench_function("wasm_cold_2_threads", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| evaluate_ok(&sandbox, &Program::new(fresh_source()), Target::Wasm));
                }
            })
        });
    });
    throughput.finish();
}

criterion_group!(benches, sandbox_benches);
criterion_main!(benches);
