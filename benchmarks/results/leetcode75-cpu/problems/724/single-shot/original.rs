impl Solution {
    pub fn pivot_index(nums: Vec<i32>) -> i32 {
        for i in 0..nums.len() {
            let mut left = 0;
            for j in 0..i {
                left += nums[j];
            }
            let mut right = 0;
            for j in i + 1..nums.len() {
                right += nums[j];
            }
            if left == right {
                return i as i32;
            }
        }
        -1
    }
}
