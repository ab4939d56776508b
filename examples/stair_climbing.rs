//! Counts the ways to climb a staircase of `n` steps taking 1, 2 or 3
//! steps at a time, where some steps are broken and cannot be stood on,
//! modulo 1 000 000 007. Plain recursion over the choices. Reads `n seed`
//! from stdin (default `30 2`).

use std::io::Read;

const MODULUS: u64 = 1_000_000_007;

fn broken_steps(n: usize, mut seed: u64) -> Vec<bool> {
    (0..=n)
        .map(|i| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            i != 0 && i != n && (seed >> 59) == 0
        })
        .collect()
}

fn ways(step: usize, n: usize, broken: &[bool]) -> u64 {
    if step == n {
        return 1;
    }
    if step > n || broken[step] {
        return 0;
    }
    (ways(step + 1, n, broken) + ways(step + 2, n, broken) + ways(step + 3, n, broken)) % MODULUS
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, seed) = match fields[..] {
        [n, seed] => (n as usize, seed),
        _ => (30, 2),
    };
    let broken = broken_steps(n, seed);
    println!("{}", ways(0, n, &broken));
}

#[test]
fn small_staircases() {
    assert_eq!(ways(0, 3, &[false; 4]), 4);
    assert_eq!(ways(0, 4, &[false, false, true, false, false]), 3);
}
