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
    }
}
