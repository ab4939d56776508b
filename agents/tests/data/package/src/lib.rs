//! Checksums of small batches (a test package for marco's package mode).

/// The sum of the products of every ordered pair of values, wrapping.
pub fn pair_checksum(data: &[u32]) -> u64 {
    let mut total = 0u64;
    for i in 0..data.len() {
        for j in 0..data.len() {
            total = total.wrapping_add(data[i] as u64 * data[j] as u64);
        }
    }
    total
}

/// A third of the mean of the squares of the values (0 for none).
pub fn mean_square(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut total = 0.0;
    for v in values {
        total += v * v / 3.0;
    }
    total / values.len() as f64
}

/// A label for a checksum.
pub fn label(sum: u64) -> String {
    format!("sum:{sum}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_checksums() {
        assert_eq!(pair_checksum(&[]), 0);
        assert_eq!(pair_checksum(&[3]), 9);
        assert_eq!(pair_checksum(&[1, 2, 3]), 36);
        assert_eq!(label(pair_checksum(&[2])), "sum:4");
        assert_eq!(mean_square(&[]), 0.0);
        assert!((mean_square(&[3.0, 3.0]) - 3.0).abs() < 1e-12);
    }
}
