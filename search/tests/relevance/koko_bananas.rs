impl Solution {
    pub fn min_eating_speed(piles: Vec<i32>, h: i32) -> i32 {
        let mut k = 1;
        loop {
            let mut hours: i64 = 0;
            for &p in &piles {
                hours += ((p + k - 1) / k) as i64;
            }
            if hours <= h as i64 {
                return k;
            }
            k += 1;
        }
    }
}
