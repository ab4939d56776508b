impl Solution {
    pub fn min_eating_speed(piles: Vec<i32>, h: i32) -> i32 {
        let (n, h) = (piles.len() as i64, h as i64);
        let (mut sum, mut max) = (0i64, 0i64);
        for &p in &piles {
            sum += p as i64;
            max = max.max(p as i64);
        }
        // Below ceil(sum / h) even eating nonstop is too slow. At speed k
        // the hours are below sum / k + n, so sum / (h - n) always works.
        let mut lo = ((sum + h - 1) / h).max(1);
        let mut hi = if h > n { max.min((sum + h - n - 1) / (h - n)) } else { max };
        while lo < hi {
            let k = lo + (hi - lo) / 2;
            let mut hours = 0;
            let mut fits = true;
            for &p in &piles {
                hours += (p as i64 + k - 1) / k;
                if hours > h {
                    fits = false;
                    break;
                }
            }
            if fits {
                hi = k;
            } else {
                lo = k + 1;
            }
        }
        lo as i32
    }
}
