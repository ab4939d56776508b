fn days_until_warmer(temps: &[i32]) -> Vec<usize> {
    (0..temps.len()).map(|i| temps[i + 1..].iter().position(|&t| t > temps[i]).map_or(0, |p| p + 1)).collect()
}
