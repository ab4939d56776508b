impl Solution {
    pub fn successful_pairs(spells: Vec<i32>, potions: Vec<i32>, success: i64) -> Vec<i32> {
        let mut sorted = potions.clone();
        sorted.sort();
        let m = sorted.len();
        let mut result = Vec::new();
        for spell in spells {
            // The first potion strong enough for this spell.
            let (mut lo, mut hi) = (0, m);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if spell as i64 * sorted[mid] as i64 >= success {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            result.push((m - lo) as i32);
        }
        result
    }
}
