impl Solution {
    pub fn longest_ones(nums: Vec<i32>, k: i32) -> i32 {
        // zeros[i] = number of zeros in nums[..i].
        let mut zeros = vec![0usize; nums.len() + 1];
        for i in 0..nums.len() {
            zeros[i + 1] = zeros[i] + if nums[i] == 0 { 1 } else { 0 };
        }
        let k = k as usize;
        let mut best = 0;
        for end in 1..=nums.len() {
            // The first start whose window nums[start..end] has at most k zeros.
            let (mut lo, mut hi) = (0, end);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if zeros[end] - zeros[mid] <= k {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            best = best.max(end - lo);
        }
        best as i32
    }
}
