impl Solution {
    pub fn pivot_index(nums: Vec<i32>) -> i32 {
        let total: i32 = nums.iter().sum();
        let mut left = 0;
        for (i, &x) in nums.iter().enumerate() {
            // right = total - left - x
            if 2 * left + x == total {
                return i as i32;
            }
            left += x;
        }
        -1
    }
}
