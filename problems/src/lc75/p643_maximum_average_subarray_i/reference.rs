impl Solution {
    pub fn find_max_average(nums: Vec<i32>, k: i32) -> f64 {
        let k = k as usize;
        let mut sum: i32 = nums[..k].iter().sum();
        let mut best = sum;
        for (&incoming, &outgoing) in nums[k..].iter().zip(&nums) {
            sum += incoming - outgoing;
            best = best.max(sum);
        }
        best as f64 / k as f64
    }
}
