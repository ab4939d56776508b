fn dot(a: &[f64], b: &[f64]) -> f64 {
    (0..a.len()).map(|i| a[i] * b[i]).sum()
}
