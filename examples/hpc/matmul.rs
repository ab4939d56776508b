//! Multiplies two dense n x n matrices of f64 with the textbook i-j-k triple
//! loop over flat row-major arrays (the inner loop walks B down a column).
//! Reads `n seed` from stdin (default `1150 1`), fills A and B with values in
//! [0, 1) from the seed, and prints two checksums of C = A B: the sum of its
//! entries and a position-weighted sum, in `{:.12e}` form.
//!
//! Floating-point reassociation: every entry and every weight is positive, so
//! no sum cancels and any reordering of the additions (a different loop
//! order, tiling, SIMD lanes, a parallel reduction) moves the checksums by a
//! few units in the last place only. The outputs are compared with the
//! relative tolerance below, which is far above that rounding noise and far
//! below the change any wrong product makes; they are printed with 13
//! significant digits so the printing adds no error of its own.
// marco:tolerance 1e-9

use std::io::Read;

/// A small linear congruential generator, so the input is reproducible.
struct Lcg(u64);

impl Lcg {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn matmul(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let mut sum = 0.0;
            for k in 0..n {
                sum += a[i * n + k] * b[k * n + j];
            }
            c[i * n + j] = sum;
        }
    }
    c
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, seed) = match fields[..] {
        [n, seed] => (n as usize, seed),
        _ => (1150, 1),
    };
    let mut rng = Lcg(seed);
    let a: Vec<f64> = (0..n * n).map(|_| rng.next_f64()).collect();
    let b: Vec<f64> = (0..n * n).map(|_| rng.next_f64()).collect();
    let c = matmul(&a, &b, n);
    let mut sum = 0.0;
    let mut weighted = 0.0;
    for (idx, &x) in c.iter().enumerate() {
        sum += x;
        weighted += x * ((idx % 7) + 1) as f64;
    }
    println!("{sum:.12e} {weighted:.12e}");
}
