// Scans from the right, so it returns the largest pivot, not the smallest.
impl Solution {
    pub fn pivot_index(nums: Vec<i32>) -> i32 {
        let total: i32 = nums.iter().sum();
        let mut right = 0;
        for i in (0..nums.len()).rev() {
            if total - right - nums[i] == right {
                return i as i32;
            }
            right += nums[i];
        }
        -1
    }
}
