use std::cmp::Reverse;
use std::collections::BinaryHeap;

impl Solution {
    pub fn max_score(nums1: Vec<i32>, nums2: Vec<i32>, k: i32) -> i64 {
        let k = k as usize;
        let mut pairs: Vec<(i32, i32)> = nums1.iter().cloned().zip(nums2.iter().cloned()).collect();
        // Largest nums2 first: each pair in turn is the minimum of nums2.
        pairs.sort_by(|a, b| b.1.cmp(&a.1));
        let mut chosen: BinaryHeap<Reverse<i32>> = BinaryHeap::new();
        let mut best: i64 = 0;
        for (a, b) in pairs {
            chosen.push(Reverse(a));
            if chosen.len() > k {
                chosen.pop();
            }
            if chosen.len() == k {
                let sum: i64 = chosen.iter().map(|x| x.0 as i64).sum();
                best = best.max(sum * b as i64);
            }
        }
        best
    }
}
