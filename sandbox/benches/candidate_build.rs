//! What building a candidate that uses rayon costs, natively.
//!
//! * `rayon_native/cold`: screen + rustc + link of a program the cache has
//!   never seen (a unique comment per iteration); the crates themselves are
//!   already built, as they are after a sandbox's first build.
//! * `rayon_native/cached`: the same program again: a cache hit.
//! * `std_only_native/cold`: a program that uses std alone, for comparison:
//!   the crates' `--extern`s cost it nothing, as rustc loads a crate only
//!   when the code names it.
//!
//! Run with `cargo bench -p sandbox --bench candidate_build`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sandbox::{Program, Sandbox, SandboxConfig, Target};

const RAYON: &str = r#"
use rayon::prelude::*;
fn main() {
    let n: u64 = std::io::read_to_string(std::io::stdin()).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(1000);
    let sum: u64 = (1..=n).into_par_iter().map(|x| x * x % 7).sum();
    println!("{sum}");
}
"#;

const STD_ONLY: &str = r#"
fn main() {
    let n: u64 = std::io::read_to_string(std::io::stdin()).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(1000);
    let sum: u64 = (1..=n).map(|x| x * x % 7).sum();
    println!("{sum}");
}
"#;

/// `source` with a comment the cache has never seen.
fn fresh(source: &str) -> Program {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    Program::new(format!("{source}\n// nonce {}-{nanos}-{n}\n", std::process::id()))
}

fn build(sandbox: &Sandbox, program: &Program) {
    if let Err(e) = sandbox.build(program, Target::Native) {
        panic!("the candidate did not build: {e}");
    }
}

fn candidate_build(c: &mut Criterion) {
    let cache = tempfile::tempdir().expect("temporary cache directory");
    let config = SandboxConfig { cache_dir: cache.path().to_path_buf(), ..SandboxConfig::default() };
    let sandbox = Sandbox::new(config).expect("sandbox");
    // Builds the crates if no earlier run has: not part of any measurement.
    let known = Program::new(RAYON);
    build(&sandbox, &known);

    let mut rayon = c.benchmark_group("rayon_native");
    rayon.sample_size(10).measurement_time(Duration::from_secs(20));
    rayon.bench_function("cold", |b| b.iter(|| build(&sandbox, &fresh(RAYON))));
    rayon.bench_function("cached", |b| b.iter(|| build(&sandbox, &known)));
    rayon.finish();

    let mut std_only = c.benchmark_group("std_only_native");
    std_only.sample_size(10).measurement_time(Duration::from_secs(10));
    std_only.bench_function("cold", |b| b.iter(|| build(&sandbox, &fresh(STD_ONLY))));
    std_only.finish();
}

criterion_group!(benches, candidate_build);
criterion_main!(benches);
