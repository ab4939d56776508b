impl Solution {
    pub fn find_peak_element(nums: Vec<i32>) -> i32 {
        let n = nums.len();
        for i in 0..n {
            let higher_than_left = i == 0 || nums[i] > nums[i - 1];
            let higher_than_right = i == n - 1 || nums[i] > nums[i + 1];
            if higher_than_left && higher_than_right {
                return i as i32;
            }
        }
        -1
    }
}
