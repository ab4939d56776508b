//! Power iteration with a sparse matrix in compressed sparse row (CSR) form:
//! r times, computes y = A x, then rescales y so its entries sum to n and
//! takes it as the next x. A has n rows with m nonzeros each, at random
//! columns (sorted within a row) with values in [0, 1). Reads `n m r seed`
//! from stdin (default `500000 20 30 1`), builds A from the seed, starts
//! from x = 1, and prints the last scale factor's inverse (the estimate of
//! A's largest eigenvalue, times n over the sum) and a position-weighted sum
//! of the final x in `{:.12e}` form.
//!
//! Floating-point reassociation: all matrix and vector entries are positive
//! and power iteration converges (errors are damped, not amplified), so
//! summing a row's products in another order, or the normalising sum in
//! another order (SIMD lanes, per-thread partial sums), moves the outputs by
//! rounding only, far below the declared tolerance.
// marco:tolerance 1e-9

use std::io::Read;

/// A small linear congruential generator, so the input is reproducible.
struct Lcg(u64);

impl Lcg {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0
    }

    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Csr {
    row_start: Vec<usize>,
    columns: Vec<usize>,
    values: Vec<f64>,
}

fn random_matrix(n: usize, per_row: usize, rng: &mut Lcg) -> Csr {
    let mut row_start = Vec::with_capacity(n + 1);
    let mut columns = Vec::with_capacity(n * per_row);
    let mut values = Vec::with_capacity(n * per_row);
    row_start.push(0);
    for _ in 0..n {
        let mut row: Vec<usize> = (0..per_row).map(|_| ((rng.next_u64() >> 16) % n as u64) as usize).collect();
        row.sort();
        for c in row {
            columns.push(c);
            values.push(rng.next_f64());
        }
        row_start.push(columns.len());
    }
    Csr { row_start, columns, values }
}

fn multiply(a: &Csr, x: &[f64]) -> Vec<f64> {
    let n = a.row_start.len() - 1;
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut sum = 0.0;
        for k in a.row_start[i]..a.row_start[i + 1] {
            sum += a.values[k] * x[a.columns[k]];
        }
        y[i] = sum;
    }
    y
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, per_row, rounds, seed) = match fields[..] {
        [n, m, r, seed] => (n.max(1) as usize, m.max(1) as usize, r as usize, seed),
        _ => (500_000, 20, 30, 1),
    };
    let mut rng = Lcg(seed);
    let a = random_matrix(n, per_row, &mut rng);
    let mut x = vec![1.0; n];
    let mut eigenvalue = 0.0;
    for _ in 0..rounds {
        let y = multiply(&a, &x);
        let total: f64 = y.iter().sum();
        eigenvalue = total / n as f64;
        x = y.iter().map(|v| v * n as f64 / total).collect();
    }
    let weighted: f64 = x.iter().enumerate().map(|(i, v)| v * ((i % 7) + 1) as f64).sum();
    println!("{eigenvalue:.12e} {weighted:.12e}");
}
