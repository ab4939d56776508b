// Removes repeated counts with `dedup`, which only drops neighbours, without
// sorting the counts first.
use std::collections::BTreeMap;

impl Solution {
    pub fn unique_occurrences(arr: Vec<i32>) -> bool {
        let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
        for x in arr {
            *counts.entry(x).or_insert(0) += 1;
        }
        let mut values: Vec<usize> = counts.values().copied().collect();
        let distinct = values.len();
        values.dedup();
        values.len() == distinct
    }
}
