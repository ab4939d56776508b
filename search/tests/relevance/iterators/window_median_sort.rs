fn rolling_medians(samples: &[i32], k: usize) -> Vec<i32> {
    samples
        .windows(k)
        .map(|w| {
            let mut sorted = w.to_vec();
            sorted.sort();
            sorted[k / 2]
        })
        .collect()
}
