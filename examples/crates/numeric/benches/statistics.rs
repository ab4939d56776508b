//! Summarises, correlates and smooths a few thousand noisy readings.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use numeric::{correlation, describe, moving_average, polynomial};

/// Deterministic readings: a slow sine with uniform noise in [-0.5, 0.5).
fn readings(count: usize, mut seed: u64) -> Vec<f64> {
    (0..count)
        .map(|i| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let noise = (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            (i as f64 / 50.0).sin() * 10.0 + noise
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let xs = readings(2000, 1);
    let ys = readings(2000, 2);
    c.bench_function("describe 2000 readings", |b| b.iter(|| describe(&xs)));
    c.bench_function("correlation of 2000 pairs", |b| b.iter(|| correlation(&xs, &ys)));
    c.bench_function("moving_average window 64 over 2000", |b| b.iter(|| moving_average(&xs, 64)));
    let coefficients: Vec<f64> = (0..24).map(|i| 1.0 / (i + 1) as f64).collect();
    c.bench_function("polynomial degree 23 at 2000 points", |b| {
        b.iter(|| xs.iter().map(|&x| polynomial(&coefficients, x / 10.0)).sum::<f64>())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(10);
    targets = bench
}
criterion_main!(benches);
