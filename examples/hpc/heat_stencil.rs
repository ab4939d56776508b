//! Solves the 2-D heat equation on an n x n grid with the explicit 5-point
//! Jacobi stencil for t time steps: every interior cell becomes
//! u + r (up + down + left + right - 4 u) with r = 0.2, the boundary cells
//! stay fixed. Reads `n t seed` from stdin (default `1500 650 1`), starts from
//! random temperatures in [0, 100) made from the seed, and prints the sum and
//! the sum of squares of the final grid in `{:.12e}` form.
//!
//! Floating-point reassociation: all temperatures stay positive (the scheme
//! with r <= 0.25 is a convex combination of old values), so the checksums do
//! not cancel, and the scheme is stable: a rounding difference made in one
//! step is damped, not amplified, by the next. Evaluating the stencil terms in
//! another order, or summing the checksums in another order (SIMD lanes,
//! parallel rows), changes the outputs by about 1e-13 relative, well inside
//! the declared tolerance.
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

fn simulate(mut grid: Vec<f64>, n: usize, steps: usize) -> Vec<f64> {
    let r = 0.2;
    for _ in 0..steps {
        let mut next = grid.clone();
        for i in 1..n - 1 {
            for j in 1..n - 1 {
                let u = grid[i * n + j];
                let around = grid[(i - 1) * n + j] + grid[(i + 1) * n + j] + grid[i * n + j - 1] + grid[i * n + j + 1];
                next[i * n + j] = u + r * (around - 4.0 * u);
            }
        }
        grid = next;
    }
    grid
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, steps, seed) = match fields[..] {
        [n, t, seed] => (n.max(3) as usize, t as usize, seed),
        _ => (1500, 650, 1),
    };
    let mut rng = Lcg(seed);
    let grid: Vec<f64> = (0..n * n).map(|_| 100.0 * rng.next_f64()).collect();
    let grid = simulate(grid, n, steps);
    let mut sum = 0.0;
    let mut squares = 0.0;
    for &u in &grid {
        sum += u;
        squares += u * u;
    }
    println!("{sum:.12e} {squares:.12e}");
}
