//! A WRONG parallel version of `examples/hpc/histogram.rs`, on purpose, for
//! scripted tests: a candidate with a data race must be rejected. Same input
//! (`n r seed`, default `16777216 100 1`) and the same output format. The
//! threads (std::thread::available_parallelism, at least 2) share one table
//! of bins through a raw pointer, without atomics or locks: each thread
//! copies the shared table, counts its chunk of the values into the copy and
//! writes the copy back. The writes overwrite each other (a lost update of
//! whole tables), so whenever two threads get values the counts come out too
//! low. The threads copy the table before any of them starts counting (a
//! barrier), so the race is lost on every run, not only when the scheduler
//! happens to overlap them. This is undefined behaviour in Rust and exists
//! only to be caught.

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
/// that every thread can read and write through it.
#[derive(Clone, Copy)]
struct SharedBins(*mut u64);

unsafe impl Send for SharedBins {}
unsafe impl Sync for SharedBins {}

impl SharedBins {
    /// Reads the shared table, unsynchronised.
    fn load(self) -> Vec<u64> {
        unsafe { std::slice::from_raw_parts(self.0, BINS).to_vec() }
    }

    /// Overwrites the shared table, unsynchronised: the data race.
    fn store(self, bins: &[u64]) {
        unsafe { std::ptr::copy_nonoverlapping(bins.as_ptr(), self.0, BINS) }
    }
}

fn histogram(values: &[u32], rounds: u32) -> Vec<u64> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(2);
    let chunk = values.len().div_ceil(threads).max(1);
    let mut bins = vec![0u64; BINS];
    let shared = SharedBins(bins.as_mut_ptr());
    let parts: Vec<&[u32]> = values.chunks(chunk).collect();
    let copied = std::sync::Barrier::new(parts.len());
    let copied = &copied;
    std::thread::scope(|s| {
        for part in parts {
            s.spawn(move || {
                let mut local = shared.load();
                copied.wait();
                for round in 0..rounds {
                    let shift = round % 21;
                    for &x in part {
                        local[((x >> shift) as usize) & (BINS - 1)] += 1;
                    }
                }
                shared.store(&local);
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
