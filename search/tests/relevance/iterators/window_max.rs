fn window_peaks(prices: &[u32], k: usize) -> Vec<u32> {
    prices.windows(k).map(|w| *w.iter().max().unwrap()).collect()
}
