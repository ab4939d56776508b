use std::cmp::Reverse;
use std::collections::BinaryHeap;

impl Solution {
    pub fn max_score(nums1: Vec<i32>, nums2: Vec<i32>, k: i32) -> i64 {
        let k = k as usize;
        // nums2 in the high half, nums1 in the low half: one integer sort.
        let mut keys: Vec<u64> = nums1.iter().zip(&nums2).map(|(&a, &b)| (b as u64) << 32 | a as u64).collect();
        keys.sort_unstable();
        let mut chosen = BinaryHeap::with_capacity(k + 1);
        let (mut sum, mut best) = (0i64, 0i64);
        for &key in keys.iter().rev() {
            let (a, b) = ((key & 0xffff_ffff) as i64, (key >> 32) as i64);
            if chosen.len() == k {
                // The smallest chosen nums1 value leaves, unless `a` is smaller.
                let Reverse(low) = *chosen.peek().unwrap();
                if a <= low {
                    continue;
                }
                chosen.pop();
                sum -= low;
            }
            chosen.push(Reverse(a));
            sum += a;
            if chosen.len() == k {
                best = best.max(sum * b);
            }
        }
        best
    }
}
