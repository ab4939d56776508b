// Counts equal values once: returns the k-th largest distinct value.
impl Solution {
    pub fn find_kth_largest(nums: Vec<i32>, k: i32) -> i32 {
        let mut sorted = nums;
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        sorted.dedup();
        let k = (k as usize).min(sorted.len());
        sorted[k - 1]
    }
}
