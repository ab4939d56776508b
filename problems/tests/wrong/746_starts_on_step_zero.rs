// Always starts on step 0, never on step 1.
impl Solution {
    pub fn min_cost_climbing_stairs(cost: Vec<i32>) -> i32 {
        let n = cost.len();
        let mut reach = vec![i32::MAX / 2; n + 1];
        reach[0] = 0;
        for i in 1..=n {
            let mut best = reach[i - 1] + cost[i - 1];
            if i >= 2 {
                best = best.min(reach[i - 2] + cost[i - 2]);
            }
            reach[i] = best;
        }
        reach[n]
    }
}
