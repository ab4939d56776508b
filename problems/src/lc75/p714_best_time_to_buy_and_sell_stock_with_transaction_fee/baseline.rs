use std::collections::HashMap;

impl Solution {
    pub fn max_profit(prices: Vec<i32>, fee: i32) -> i32 {
        let mut memo: HashMap<(usize, bool), i32> = HashMap::new();
        Self::best(0, false, &prices, fee, &mut memo)
    }

    // The most profit from day `day` on, holding a share or not.
    fn best(day: usize, holding: bool, prices: &Vec<i32>, fee: i32, memo: &mut HashMap<(usize, bool), i32>) -> i32 {
        if day == prices.len() {
            return 0;
        }
        if let Some(&v) = memo.get(&(day, holding)) {
            return v;
        }
        let wait = Self::best(day + 1, holding, prices, fee, memo);
        let act = if holding {
            prices[day] - fee + Self::best(day + 1, false, prices, fee, memo)
        } else {
            -prices[day] + Self::best(day + 1, true, prices, fee, memo)
        };
        let v = wait.max(act);
        memo.insert((day, holding), v);
        v
    }
}
