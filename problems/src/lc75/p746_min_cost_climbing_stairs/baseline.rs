use std::collections::HashMap;

impl Solution {
    pub fn min_cost_climbing_stairs(cost: Vec<i32>) -> i32 {
        let mut memo = HashMap::new();
        // The cheapest way to reach step i (the top is step n).
        fn reach(i: usize, cost: &Vec<i32>, memo: &mut HashMap<usize, i32>) -> i32 {
            if i <= 1 {
                return 0;
            }
            if let Some(&v) = memo.get(&i) {
                return v;
            }
            let one = reach(i - 1, cost, memo) + cost[i - 1];
            let two = reach(i - 2, cost, memo) + cost[i - 2];
            let v = one.min(two);
            memo.insert(i, v);
            v
        }
        reach(cost.len(), &cost, &mut memo)
    }
}
