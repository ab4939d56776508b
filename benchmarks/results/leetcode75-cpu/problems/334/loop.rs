impl Solution {
    pub fn increasing_triplet(nums: Vec<i32>) -> bool {
        let n = nums.len();
        if n < 3 {
            return false;
        }
        // Smallest value to the left of each position, largest to the right.
        let mut left_min = vec![0; n];
        left_min[0] = nums[0];
        for i in 1..n {
            left_min[i] = left_min[i - 1].min(nums[i]);
        }
        let mut right_max = vec![0; n];
        right_max[n - 1] = nums[n - 1];
        for i in (0..n - 1).rev() {
            right_max[i] = right_max[i + 1].max(nums[i]);
        }
        for j in 1..n - 1 {
            if left_min[j - 1] < nums[j] && nums[j] < right_max[j + 1] {
                return true;
            }
        }
        false
    }
}
