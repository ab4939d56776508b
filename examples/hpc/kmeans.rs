//! Runs Lloyd's k-means algorithm: for a fixed number of iterations, assigns
//! each of n points in d dimensions to its nearest of k centres (squared
//! Euclidean distance), then moves every centre to the mean of its points.
//! Reads `n d k iterations seed` from stdin (default `400000 8 16 90 1`),
//! draws the points around k hidden cluster centres in [0, 1)^d and starts
//! from the first k points. Prints the sum of all final centre coordinates
//! and the final inertia (sum of squared distances of points to their
//! centres) in `{:.12e}` form.
//!
//! Floating-point reassociation: the points are positive and the clusters
//! well separated, so distances are computed far from ties and the
//! assignment does not depend on the order in which a distance's terms or a
//! centre's sums are added; reordering those sums (SIMD lanes, per-thread
//! partial sums merged in any order, |p|^2 - 2 p.c + |c|^2 forms) moves the
//! printed numbers by rounding only, far below the declared tolerance.
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

fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = 0.0;
    for i in 0..a.len() {
        let diff = a[i] - b[i];
        sum += diff * diff;
    }
    sum
}

fn nearest(point: &[f64], centres: &[Vec<f64>]) -> usize {
    let mut best = 0;
    let mut best_distance = f64::INFINITY;
    for (c, centre) in centres.iter().enumerate() {
        let distance = squared_distance(point, centre);
        if distance < best_distance {
            best_distance = distance;
            best = c;
        }
    }
    best
}

fn lloyd(points: &[Vec<f64>], mut centres: Vec<Vec<f64>>, iterations: usize) -> Vec<Vec<f64>> {
    let k = centres.len();
    let d = centres[0].len();
    for _ in 0..iterations {
        let mut sums = vec![vec![0.0; d]; k];
        let mut counts = vec![0usize; k];
        for p in points {
            let c = nearest(p, &centres);
            counts[c] += 1;
            for i in 0..d {
                sums[c][i] += p[i];
            }
        }
        for c in 0..k {
            if counts[c] > 0 {
                for i in 0..d {
                    centres[c][i] = sums[c][i] / counts[c] as f64;
                }
            }
        }
    }
    centres
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, d, k, iterations, seed) = match fields[..] {
        [n, d, k, it, seed] => (n.max(k).max(1) as usize, d.max(1) as usize, k.max(1) as usize, it as usize, seed),
        _ => (400_000, 8, 16, 90, 1),
    };
    let mut rng = Lcg(seed);
    let hidden: Vec<Vec<f64>> = (0..k).map(|_| (0..d).map(|_| 0.1 + 0.8 * rng.next_f64()).collect()).collect();
    let points: Vec<Vec<f64>> =
        (0..n).map(|i| (0..d).map(|j| hidden[i % k][j] + 0.08 * (rng.next_f64() - 0.5)).collect()).collect();
    let start: Vec<Vec<f64>> = points.iter().take(k).cloned().collect();
    let centres = lloyd(&points, start, iterations);
    let coordinates: f64 = centres.iter().flatten().sum();
    let mut inertia = 0.0;
    for p in &points {
        inertia += squared_distance(p, &centres[nearest(p, &centres)]);
    }
    println!("{coordinates:.12e} {inertia:.12e}");
}
