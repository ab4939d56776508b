impl Solution {
    pub fn total_cost(costs: Vec<i32>, k: i32, candidates: i32) -> i64 {
        let c = candidates as usize;
        // Workers not yet in a window: costs[lo..hi].
        let (mut lo, mut hi) = (0, costs.len());
        let mut front: Vec<(i32, usize)> = Vec::new();
        let mut back: Vec<(i32, usize)> = Vec::new();
        while front.len() < c && lo < hi {
            front.push((costs[lo], lo));
            lo += 1;
        }
        while back.len() < c && lo < hi {
            hi -= 1;
            back.push((costs[hi], hi));
        }
        let mut total: i64 = 0;
        for _ in 0..k {
            let mut best_front = None;
            for (i, &worker) in front.iter().enumerate() {
                if best_front.map_or(true, |(_, w)| worker < w) {
                    best_front = Some((i, worker));
                }
            }
            let mut best_back = None;
            for (i, &worker) in back.iter().enumerate() {
                if best_back.map_or(true, |(_, w)| worker < w) {
                    best_back = Some((i, worker));
                }
            }
            let take_front = match (best_front, best_back) {
                (Some((_, f)), Some((_, b))) => f < b,
                (Some(_), None) => true,
                _ => false,
            };
            if take_front {
                let (i, (cost, _)) = best_front.unwrap();
                total += cost as i64;
                front.swap_remove(i);
                if lo < hi {
                    front.push((costs[lo], lo));
                    lo += 1;
                }
            } else {
                let (i, (cost, _)) = best_back.unwrap();
                total += cost as i64;
                back.swap_remove(i);
                if lo < hi {
                    hi -= 1;
                    back.push((costs[hi], hi));
                }
            }
        }
        total
    }
}
