// The mean of the whole sample, recomputed for every value.
fn mean(values: &[f64]) -> f64 {
    let mut sum = 0.0;
    for value in values {
        sum += value;
    }
    sum / values.len() as f64
}

fn variance(values: &[f64]) -> f64 {
    let mut squares = 0.0;
    for value in values {
        let deviation = value - mean(values);
        squares += deviation * deviation;
    }
    squares / (values.len() - 1) as f64
}
