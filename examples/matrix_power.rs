//! Raises a generated square matrix of floats to a small power by repeated
//! multiplication and prints the trace. A textbook triple loop over
//! `Vec<Vec<f64>>` in i-j-k order. Reads `n power seed` from stdin
//! (default `180 4 9`).

use std::io::Read;

fn matrix(n: usize, mut seed: u64) -> Vec<Vec<f64>> {
    let mut m = vec![vec![0.0; n]; n];
    for row in m.iter_mut() {
        for cell in row.iter_mut() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            *cell = ((seed >> 40) % 1000) as f64 / 1000.0 - 0.5;
        }
    }
    m
}

fn multiply(a: &Vec<Vec<f64>>, b: &Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let n = a.len();
    let mut c = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            for k in 0..n {
                c[i][j] += a[i][k] * b[k][j];
            }
        }
    }
    c
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, power, seed) = match fields[..] {
        [n, power, seed] if power > 0 => (n as usize, power, seed),
        _ => (180, 4, 9),
    };
    let base = matrix(n, seed);
    let mut result = base.clone();
    for _ in 1..power {
        result = multiply(&result, &base);
    }
    let trace: f64 = (0..n).map(|i| result[i][i]).sum();
    println!("{trace:.6}");
}

#[test]
fn identity_squared() {
    let identity = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
    assert_eq!(multiply(&identity, &identity), identity);
}
