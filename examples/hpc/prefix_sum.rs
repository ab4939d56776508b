//! Computes inclusive prefix sums of a large array of u64 values in place,
//! r times over (each round scans the previous round's result), with
//! wrapping addition. Reads `n r seed` from stdin (default `8388608 250 1`:
//! 64 MiB of values), generates the values from the seed, and prints the
//! last element, the element in the middle and a wrapping sum of every
//! 1000th element. All integers: exact (wrapping addition is associative, so
//! a blocked or parallel scan gives the same bits).

use std::io::Read;

/// A small linear congruential generator, so the input is reproducible.
struct Lcg(u64);

impl Lcg {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0
    }
}

fn inclusive_scan(values: &mut [u64]) {
    for i in 1..values.len() {
        values[i] = values[i].wrapping_add(values[i - 1]);
    }
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, rounds, seed) = match fields[..] {
        [n, r, seed] => (n.max(1) as usize, r as usize, seed),
        _ => (8_388_608, 250, 1),
    };
    let mut rng = Lcg(seed);
    let mut values: Vec<u64> = (0..n).map(|_| rng.next_u64() >> 20).collect();
    for _ in 0..rounds {
        inclusive_scan(&mut values);
    }
    let sampled = values.iter().step_by(1000).fold(0u64, |acc, &v| acc.wrapping_add(v));
    println!("{} {} {}", values[n - 1], values[n / 2], sampled);
}
