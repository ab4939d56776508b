//! Counts the pairs of numbers in a list that add up to a target: the
//! straightforward quadratic scan. Reads `n seed target` from stdin
//! (default `20000 1 1000`) and generates the list from the seed.

use std::io::Read;

/// A small linear congruential generator, so the input is reproducible.
fn numbers(n: usize, mut seed: u64) -> Vec<i64> {
    (0..n)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % 2001) as i64 - 500
        })
        .collect()
}

fn count_pairs(values: &[i64], target: i64) -> u64 {
    let mut count = 0;
    for i in 0..values.len() {
        for j in i + 1..values.len() {
            if values[i] + values[j] == target {
                count += 1;
            }
        }
    }
    count
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<i64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, seed, target) = match fields[..] {
        [n, seed, target] => (n as usize, seed as u64, target),
        _ => (20_000, 1, 1000),
    };
    let values = numbers(n, seed);
    println!("{}", count_pairs(&values, target));
}

#[test]
fn counts_each_pair_once() {
    assert_eq!(count_pairs(&[1, 2, 3, 4], 5), 2);
    assert_eq!(count_pairs(&[5, 5, 5], 10), 3);
}
