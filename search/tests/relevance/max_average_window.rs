impl Solution {
    pub fn find_max_average(nums: Vec<i32>, k: i32) -> f64 {
        let k = k as usize;
        let mut best = f64::MIN;
        for i in 0..=nums.len() - k {
            let mut sum = 0;
            for j in i..i + k {
                sum += nums[j];
            }
            best = best.max(sum as f64 / k as f64);
        }
        best
    }
}
