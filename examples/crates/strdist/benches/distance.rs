//! Corrects misspelt words against a dictionary, and measures single
//! distances between longer strings.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use strdist::{correct_all, levenshtein};

const LETTERS: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";

/// Deterministic pseudo-random words of 4 to 11 letters, more common
/// letters more often.
fn words(count: usize, mut seed: u64) -> Vec<String> {
    (0..count)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let length = 4 + (seed >> 60) as usize % 8;
            (0..length)
                .map(|i| {
                    let bits = (seed >> (4 * i + 8)) & 0xff;
                    // Squaring skews towards the start of LETTERS.
                    LETTERS[(bits * bits * LETTERS.len() as u64 / (256 * 256)) as usize] as char
                })
                .collect()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dictionary = words(2000, 7);
    let queries = words(10, 99);
    c.bench_function("correct_all 10 queries x 2000 words", |b| b.iter(|| correct_all(&queries, &dictionary)));

    let long_a: String = words(40, 1).concat();
    let long_b: String = words(40, 2).concat();
    c.bench_function("levenshtein of two ~300-letter strings", |b| b.iter(|| levenshtein(&long_a, &long_b)));
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
