impl Solution {
    pub fn rob(nums: Vec<i32>) -> i32 {
        // The best totals over the houses so far, without and with the last
        // house allowed.
        let (mut before, mut best) = (0, 0);
        for &x in &nums {
            let next = best.max(before + x);
            before = best;
            best = next;
        }
        best
    }
}
