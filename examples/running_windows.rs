//! For every window of `w` consecutive readings, prints the number of
//! distinct readings and the window's maximum, summed into a checksum.
//! Written the allocation-heavy way: every window is copied, sorted and
//! deduplicated afresh. Reads `n w seed` from stdin (default `60000 200 3`).

use std::io::Read;

fn readings(n: usize, mut seed: u64) -> Vec<u32> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1000) as u32
        })
        .collect()
}

fn window_stats(values: &[u32], w: usize) -> (u64, u64) {
    let mut distinct_total = 0u64;
    let mut max_total = 0u64;
    for start in 0..=values.len().saturating_sub(w) {
        let mut window: Vec<u32> = values[start..start + w].to_vec();
        window.sort();
        let max = *window.last().unwrap_or(&0);
        window.dedup();
        distinct_total += window.len() as u64;
        max_total += max as u64;
    }
    (distinct_total, max_total)
}

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let fields: Vec<u64> = input.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (n, w, seed) = match fields[..] {
        [n, w, seed] if w > 0 => (n as usize, w as usize, seed.max(1)),
        _ => (60_000, 200, 3),
    };
    let values = readings(n, seed);
    let (distinct, max) = window_stats(&values, w);
    println!("{distinct} {max}");
}

#[test]
fn windows_of_two() {
    assert_eq!(window_stats(&[1, 1, 2], 2), (3, 3));
}
