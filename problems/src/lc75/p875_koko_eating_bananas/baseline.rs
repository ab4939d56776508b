impl Solution {
    pub fn min_eating_speed(piles: Vec<i32>, h: i32) -> i32 {
        let mut low = 1;
        let mut high = 1_000_000_000;
        while low < high {
            let speed = low + (high - low) / 2;
            let mut hours: i64 = 0;
            for &pile in &piles {
                hours += (pile as f64 / speed as f64).ceil() as i64;
            }
            if hours <= h as i64 {
                high = speed;
            } else {
                low = speed + 1;
            }
        }
        low
    }
}
