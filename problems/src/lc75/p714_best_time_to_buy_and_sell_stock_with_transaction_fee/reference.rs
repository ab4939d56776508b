impl Solution {
    pub fn max_profit(prices: Vec<i32>, fee: i32) -> i32 {
        // The best profit so far with no share, and with one share held.
        let (mut cash, mut hold) = (0, -prices[0]);
        for &p in &prices[1..] {
            cash = cash.max(hold + p - fee);
            hold = hold.max(cash - p);
        }
        cash
    }
}
