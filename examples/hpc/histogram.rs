//! Builds histograms of a large array of u32 values: in each of r rounds,
//! every value is put into one of 4096 bins by a different 12-bit field of
//! the value ((x >> round) & 4095), and the counts of all rounds accumulate in
//! one table of u64 counters. Reads `n r seed` from stdin (default
//! `16777216 100 1`: 64 MiB of values), generates the values from the seed, and
//! prints the total count, the largest bin count and a weighted checksum of
//! the bins (sum of count x (bin + 1), wrapping). All integers: exact.

use std::io::Read;

const BINS: usize = 4096;

/// A small linear congruential generator, so the input is reproducible.
struct Lcg(u64);

impl Lcg {
    fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }
}

fn histogram(values: &[u32], rounds: u32) -> Vec<u64> {
    let mut bins = vec![0u64; BINS];
    for round in 0..rounds {
        let shift = round % 21;
        for &x in values {
            bins[((x >> shift) as usize) & (BINS - 1)] += 1;
        }
    }
    bins
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, rounds, seed) = match fields[..] {
        [n, r, seed] => (n as usize, r as u32, seed),
        _ => (16_777_216, 100, 1),
    };
    let mut rng = Lcg(seed);
    // Skewed values: the low bits of a product of two draws, so some bins fill faster than others.
    let values: Vec<u32> =
        (0..n).map(|_| rng.next_u32().wrapping_mul(rng.next_u32() | 1) ^ (rng.next_u32() >> 7)).collect();
    let bins = histogram(&values, rounds);
    let total: u64 = bins.iter().sum();
    let largest = bins.iter().max().copied().unwrap_or(0);
    let weighted = bins.iter().enumerate().fold(0u64, |acc, (b, &c)| acc.wrapping_add(c.wrapping_mul(b as u64 + 1)));
    println!("{total} {largest} {weighted}");
}
