impl Solution {
    pub fn find_kth_largest(nums: Vec<i32>, k: i32) -> i32 {
        let mut sorted = nums.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        sorted[k as usize - 1]
    }
}
