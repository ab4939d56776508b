use std::collections::HashMap;

impl Solution {
    pub fn unique_occurrences(arr: Vec<i32>) -> bool {
        let mut counts: Vec<usize> = Vec::with_capacity(arr.len());
        let mut occurrences: HashMap<i32, usize> = HashMap::new();
        for &num in &arr {
            *occurrences.entry(num).or_insert(0) += 1;
        }
        counts.extend(occurrences.values());
        counts.sort_unstable();
        for i in 1..counts.len() {
            if counts[i] == counts[i - 1] {
                return false;
            }
        }
        true
    }
}
