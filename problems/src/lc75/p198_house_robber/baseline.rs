use std::collections::HashMap;

impl Solution {
    pub fn rob(nums: Vec<i32>) -> i32 {
        let mut memo: HashMap<usize, i32> = HashMap::new();
        Self::best_from(0, &nums, &mut memo)
    }

    // The most money in houses i.. .
    fn best_from(i: usize, nums: &Vec<i32>, memo: &mut HashMap<usize, i32>) -> i32 {
        if i >= nums.len() {
            return 0;
        }
        if let Some(&v) = memo.get(&i) {
            return v;
        }
        let take = nums[i] + Self::best_from(i + 2, nums, memo);
        let skip = Self::best_from(i + 1, nums, memo);
        let v = take.max(skip);
        memo.insert(i, v);
        v
    }
}
