// Fills the back window from the last `candidates` workers even when they
// overlap the front window, so a worker can be hired twice.
use std::cmp::Reverse;
use std::collections::BinaryHeap;

impl Solution {
    pub fn total_cost(costs: Vec<i32>, k: i32, candidates: i32) -> i64 {
        let n = costs.len();
        let c = (candidates as usize).min(n);
        let mut front: BinaryHeap<Reverse<(i32, usize)>> = (0..c).map(|i| Reverse((costs[i], i))).collect();
        let mut back: BinaryHeap<Reverse<(i32, usize)>> = (n - c..n).map(|i| Reverse((costs[i], i))).collect();
        let (mut lo, mut hi) = (c, n - c);
        let mut total = 0i64;
        for _ in 0..k {
            let take_front = match (front.peek(), back.peek()) {
                (Some(f), Some(b)) => f.0 <= b.0,
                (Some(_), None) => true,
                _ => false,
            };
            if take_front {
                let Reverse((cost, _)) = front.pop().unwrap();
                total += cost as i64;
                if lo < hi {
                    front.push(Reverse((costs[lo], lo)));
                    lo += 1;
                }
            } else {
                let Reverse((cost, _)) = back.pop().unwrap();
                total += cost as i64;
                if lo < hi {
                    hi -= 1;
                    back.push(Reverse((costs[hi], hi)));
                }
            }
        }
        total
    }
}
