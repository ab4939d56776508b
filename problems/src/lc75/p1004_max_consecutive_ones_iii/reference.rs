impl Solution {
    pub fn longest_ones(nums: Vec<i32>, k: i32) -> i32 {
        // A window that never shrinks: once it has reached a length, it only
        // slides, and it grows whenever the zeros inside fit the budget.
        let mut budget = k;
        let mut start = 0;
        for &x in &nums {
            budget -= 1 - x;
            if budget < 0 {
                budget += 1 - nums[start];
                start += 1;
            }
        }
        (nums.len() - start) as i32
    }
}
