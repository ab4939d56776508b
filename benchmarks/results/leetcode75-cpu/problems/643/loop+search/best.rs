impl Solution {
    pub fn find_max_average(nums: Vec<i32>, k: i32) -> f64 {
        let k = k as usize;
        let mut best = f64::NEG_INFINITY;
        let mut sum = 0;
        for i in 0..nums.len() {
            sum += nums[i];
            if i >= k {
                sum -= nums[i - k];
            }
            if i >= k - 1 {
                let average = sum as f64 / k as f64;
                if average > best {
                    best = average;
                }
            }
        }
        best
    }
}
