fn k_closest(points: Vec<(i32, i32)>, k: usize) -> Vec<(i32, i32)> {
    let mut with_dist: Vec<(f64, (i32, i32))> = points
        .iter()
        .map(|&(x, y)| (((x as f64).powf(2.0) + (y as f64).powf(2.0)).sqrt(), (x, y)))
        .collect();
    with_dist.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    with_dist.into_iter().take(k).map(|(_, p)| p).collect()
}
