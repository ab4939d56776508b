//! Parses a generated configuration of a few hundred sections and looks a
//! value up in it.

use std::fmt::Write as _;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use kvparse::{lookup, parse};

/// A deterministic configuration: `sections` sections of 8 entries, plain
/// and quoted values of 10 to 70 characters, some with trailing comments.
fn configuration(sections: usize, mut seed: u64) -> String {
    let mut text = String::from("; generated for the benchmark\nversion = 3\n");
    for s in 0..sections {
        writeln!(text, "\n[service.{s}]").unwrap();
        for k in 0..8 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let length = 10 + (seed >> 58) as usize;
            let value: String = (0..length).map(|i| (b'a' + ((seed >> (i % 48)) % 26) as u8) as char).collect();
            match seed >> 62 {
                0 => writeln!(text, "key{k} = {value}"),
                1 => writeln!(text, "key{k} = {value} ; set by hand"),
                2 => writeln!(text, "key{k} = \"{value}; with \\\"quotes\\\"\""),
                _ => writeln!(text, "  key{k}   =   \"{value}\"   # padded"),
            }
            .unwrap();
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = configuration(300, 5);
    c.bench_function("parse 300 sections", |b| b.iter(|| parse(&text).unwrap()));
    c.bench_function("lookup in 300 sections", |b| b.iter(|| lookup(&text, "service.299", "key7")));
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
