//! Building blocks for input generators. Every generator takes the seeded
//! [`Rng`], so the same seed gives the same inputs.

use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::spec::Rng;

/// `n` integers drawn uniformly from `lo..=hi`.
pub fn ints(rng: &mut Rng, n: usize, lo: i32, hi: i32) -> Vec<i32> {
    (0..n).map(|_| rng.random_range(lo..=hi)).collect()
}

/// A uniform integer from `lo..=hi`.
pub fn int(rng: &mut Rng, lo: i32, hi: i32) -> i32 {
    rng.random_range(lo..=hi)
}

/// A uniform length from `lo..=hi`.
pub fn len(rng: &mut Rng, lo: usize, hi: usize) -> usize {
    rng.random_range(lo..=hi)
}

/// True with probability `p`.
pub fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random_bool(p)
}

/// `n` bytes drawn uniformly from `alphabet`, as a string.
pub fn string(rng: &mut Rng, n: usize, alphabet: &[u8]) -> String {
    (0..n).map(|_| alphabet[rng.random_range(0..alphabet.len())] as char).collect()
}

/// `n` lowercase English letters.
pub fn lowercase(rng: &mut Rng, n: usize) -> String {
    string(rng, n, b"abcdefghijklmnopqrstuvwxyz")
}

/// The slice shuffled.
pub fn shuffled<T>(rng: &mut Rng, mut items: Vec<T>) -> Vec<T> {
    items.shuffle(rng);
    items
}

/// Picks one element.
pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}
