// Charges the fee when buying and again when selling.
impl Solution {
    pub fn max_profit(prices: Vec<i32>, fee: i32) -> i32 {
        let (mut cash, mut hold) = (0, -prices[0] - fee);
        for &p in &prices[1..] {
            cash = cash.max(hold + p - fee);
            hold = hold.max(cash - p - fee);
        }
        cash
    }
}
