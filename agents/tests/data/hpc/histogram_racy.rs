//! A WRONG parallel version of `examples/hpc/histogram.rs`, on purpose, for
//! scripted tests: a candidate with a data race must be rejected. Same input
//! (`n r seed`, default `16777216 100 1`) and the same output format, but the
//! threads (std::thread::available_parallelism, at least 2) all increment one
//! shared table of bins through a raw pointer, without atomics or locks. Two
//! threads that read-modify-write the same bin at the same time lose one of
//! the increments, so on large inputs the counts usually come out too low
//! (the threads wait on a barrier first, so that they overlap as much as
//! possible).
//! This is undefined behaviour in Rust and exists only to be caught.

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

/// A raw pointer to the shared bins, declared Send and Sync (falsely) so
/// that every thread can write through it.
#[derive(Clone, Copy)]
struct SharedBins(*mut u64);

unsafe impl Send for SharedBins {}
unsafe impl Sync for SharedBins {}

impl SharedBins {
    /// Non-atomic read-modify-write of one bin: the data race.
    fn bump(self, bin: usize) {
        unsafe {
            let slot = self.0.add(bin);
            *slot += 1;
        }
    }
}

fn histogram(values: &[u32], rounds: u32) -> Vec<u64> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(2);
    let chunk = values.len().div_ceil(threads).max(1);
    let mut bins = vec![0u64; BINS];
    let shared = SharedBins(bins.as_mut_ptr());
    let parts: Vec<&[u32]> = values.chunks(chunk).collect();
    // All threads start counting together, so they overlap as much as possible.
    let start = std::sync::Barrier::new(parts.len());
    let start = &start;
    std::thread::scope(|s| {
        for part in parts {
            s.spawn(move || {
                start.wait();
                for round in 0..rounds {
                    let shift = round % 21;
                    for &x in part {
                        shared.bump(((x >> shift) as usize) & (BINS - 1));
                    }
                }
            });
        }
    });
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
