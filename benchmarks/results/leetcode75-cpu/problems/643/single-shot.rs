impl Solution {
    pub fn find_max_average(nums: Vec<i32>, k: i32) -> f64 {
        let k = k as usize;
        let mut best = f64::NEG_INFINITY;
        for start in 0..=nums.len() - k {
            let mut sum = 0;
            for j in start..start + k {
                sum += nums[j];
            }
            let average = sum as f64 / k as f64;
            if average > best {
                best = average;
            }
        }
        best
    }
}
