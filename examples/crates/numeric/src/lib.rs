//! Descriptive statistics over `f64` samples, written the obvious way.
//!
//! The slow spots are the ones such code really has: [`variance`] and
//! [`correlation`] recompute the mean inside their loops (O(n^2) where one
//! pass would do), [`moving_average`] copies and sums every window afresh,
//! [`median`] sorts a copy, and [`polynomial`] raises `x` to each power
//! separately.

/// Summary statistics of a sample, as [`describe`] computes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub count: usize,
    pub mean: f64,
    pub variance: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

/// The arithmetic mean; NaN for an empty sample.
pub fn mean(values: &[f64]) -> f64 {
    let mut sum = 0.0;
    for value in values {
        sum += value;
    }
    sum / values.len() as f64
}

/// The sample variance (divided by n - 1); 0 for fewer than two values.
pub fn variance(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let mut squares = 0.0;
    for value in values {
        let deviation = value - mean(values);
        squares += deviation * deviation;
    }
    squares / (values.len() - 1) as f64
}

/// The median (the mean of the two middle values for an even count); NaN
/// for an empty sample. NaN values sort last.
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let middle = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    }
}

/// Count, mean, sample variance, median, minimum and maximum of `values`.
pub fn describe(values: &[f64]) -> Stats {
    Stats {
        count: values.len(),
        mean: mean(values),
        variance: variance(values),
        median: median(values),
        min: values.iter().copied().fold(f64::INFINITY, f64::min),
        max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    }
}

/// Pearson's correlation coefficient of two equally long samples; NaN when
/// their lengths differ, they have fewer than two values, or either is
/// constant.
pub fn correlation(xs: &[f64], ys: &[f64]) -> f64 {
    if xs.len() != ys.len() || xs.len() < 2 {
        return f64::NAN;
    }
    let mut covariance = 0.0;
    for i in 0..xs.len() {
        covariance += (xs[i] - mean(xs)) * (ys[i] - mean(ys));
    }
    covariance /= (xs.len() - 1) as f64;
    let spread = (variance(xs) * variance(ys)).sqrt();
    if spread == 0.0 {
        f64::NAN
    } else {
        covariance / spread
    }
}

/// The mean of every run of `window` consecutive values, in order
/// (`values.len() - window + 1` of them); empty when `window` is 0 or
/// longer than `values`.
pub fn moving_average(values: &[f64], window: usize) -> Vec<f64> {
    let mut averages = Vec::new();
    if window == 0 || window > values.len() {
        return averages;
    }
    for start in 0..=values.len() - window {
        let slice: Vec<f64> = values[start..start + window].to_vec();
        averages.push(mean(&slice));
    }
    averages
}

/// The polynomial with coefficients `coefficients` (constant term first)
/// at `x`.
pub fn polynomial(coefficients: &[f64], x: f64) -> f64 {
    let mut total = 0.0;
    for (power, coefficient) in coefficients.iter().enumerate() {
        total += coefficient * x.powi(power as i32);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn mean_and_variance() {
        let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&values), 5.0);
        assert!(close(variance(&values), 32.0 / 7.0));
        assert!(mean(&[]).is_nan());
        assert_eq!(variance(&[3.0]), 0.0);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
        assert_eq!(median(&[1.0, f64::NAN, 0.0]), 1.0);
    }

    #[test]
    fn describe_gathers_everything() {
        let stats = describe(&[1.0, -2.0, 3.5, 0.5]);
        assert_eq!(stats.count, 4);
        assert_eq!(stats.mean, 0.75);
        assert!(close(stats.variance, 15.25 / 3.0));
        assert_eq!(stats.median, 0.75);
        assert_eq!(stats.min, -2.0);
        assert_eq!(stats.max, 3.5);
    }

    #[test]
    fn correlation_of_related_samples() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!(close(correlation(&xs, &[2.0, 4.0, 6.0, 8.0, 10.0]), 1.0));
        assert!(close(correlation(&xs, &[5.0, 4.0, 3.0, 2.0, 1.0]), -1.0));
        assert!(close(correlation(&xs, &[2.0, 1.0, 4.0, 3.0, 5.0]), 0.8));
        assert!(correlation(&xs, &[1.0, 1.0, 1.0, 1.0, 1.0]).is_nan());
        assert!(correlation(&xs, &[1.0]).is_nan());
    }

    #[test]
    fn moving_average_windows() {
        assert_eq!(moving_average(&[1.0, 2.0, 3.0, 4.0, 5.0], 2), vec![1.5, 2.5, 3.5, 4.5]);
        assert_eq!(moving_average(&[1.0, 2.0, 3.0], 3), vec![2.0]);
        assert_eq!(moving_average(&[1.0, 2.0, 3.0], 1), vec![1.0, 2.0, 3.0]);
        assert!(moving_average(&[1.0, 2.0], 3).is_empty());
        assert!(moving_average(&[1.0, 2.0], 0).is_empty());
    }

    #[test]
    fn polynomial_evaluates_in_order() {
        // 1 - 2x + 3x^2 at 2: 1 - 4 + 12.
        assert_eq!(polynomial(&[1.0, -2.0, 3.0], 2.0), 9.0);
        assert_eq!(polynomial(&[], 5.0), 0.0);
        assert_eq!(polynomial(&[7.0], 0.0), 7.0);
        assert!(close(polynomial(&[0.0, 0.0, 0.0, 1.0], -1.5), -3.375));
    }
}
