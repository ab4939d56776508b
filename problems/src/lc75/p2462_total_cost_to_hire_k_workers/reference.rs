use std::cmp::Reverse;
use std::collections::BinaryHeap;

impl Solution {
    pub fn total_cost(costs: Vec<i32>, k: i32, candidates: i32) -> i64 {
        let n = costs.len();
        let c = candidates as usize;
        // One heap for both windows; a key orders by cost, then index.
        let key = |i: usize| Reverse((costs[i] as u64) << 17 | i as u64);
        let (mut lo, mut hi) = (c.min(n), n.saturating_sub(c).max(c.min(n)));
        let mut heap: BinaryHeap<Reverse<u64>> = (0..lo).chain(hi..n).map(key).collect();
        let mut total = 0i64;
        for _ in 0..k {
            let Reverse(top) = heap.pop().unwrap();
            let i = (top & 0x1_ffff) as usize;
            total += (top >> 17) as i64;
            if lo < hi {
                if i < lo {
                    heap.push(key(lo));
                    lo += 1;
                } else {
                    hi -= 1;
                    heap.push(key(hi));
                }
            }
        }
        total
    }
}
