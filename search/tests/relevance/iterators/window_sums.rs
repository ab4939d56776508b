fn best_window_average(readings: &[i32], k: usize) -> f64 {
    readings.windows(k).map(|w| w.iter().sum::<i32>() as f64 / k as f64).fold(f64::MIN, f64::max)
}
