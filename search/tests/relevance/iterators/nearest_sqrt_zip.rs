fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum::<f64>().sqrt()
}

fn nearest(points: &[Vec<f64>], query: &[f64]) -> usize {
    points
        .iter()
        .enumerate()
        .min_by(|(_, p), (_, q)| distance(p, query).partial_cmp(&distance(q, query)).unwrap())
        .map(|(i, _)| i)
        .unwrap()
}
