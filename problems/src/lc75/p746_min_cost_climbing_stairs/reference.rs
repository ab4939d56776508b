impl Solution {
    pub fn min_cost_climbing_stairs(cost: Vec<i32>) -> i32 {
        // Cheapest ways to reach the previous two steps.
        let (mut before, mut last) = (0, 0);
        for w in cost.windows(2) {
            let next = (last + w[1]).min(before + w[0]);
            before = last;
            last = next;
        }
        last
    }
}
