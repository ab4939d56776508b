// Keeps the running sum in an i32, which overflows for large k.
use std::cmp::Reverse;
use std::collections::BinaryHeap;

impl Solution {
    pub fn max_score(nums1: Vec<i32>, nums2: Vec<i32>, k: i32) -> i64 {
        let k = k as usize;
        let mut pairs: Vec<(i32, i32)> = nums1.into_iter().zip(nums2).collect();
        pairs.sort_unstable_by(|a, b| b.1.cmp(&a.1));
        let mut chosen = BinaryHeap::new();
        let mut sum: i32 = 0;
        let mut best: i64 = 0;
        for (a, b) in pairs {
            chosen.push(Reverse(a));
            sum += a;
            if chosen.len() > k {
                let Reverse(low) = chosen.pop().unwrap();
                sum -= low;
            }
            if chosen.len() == k {
                best = best.max(sum as i64 * b as i64);
            }
        }
        best
    }
}
