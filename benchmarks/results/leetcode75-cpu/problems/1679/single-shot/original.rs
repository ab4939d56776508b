impl Solution {
    pub fn max_operations(nums: Vec<i32>, k: i32) -> i32 {
        let mut sorted = nums.clone();
        sorted.sort();
        let mut count = 0;
        if sorted.is_empty() {
            return 0;
        }
        let (mut i, mut j) = (0, sorted.len() - 1);
        while i < j {
            let sum = sorted[i] as i64 + sorted[j] as i64;
            if sum == k as i64 {
                count += 1;
                i += 1;
                j -= 1;
            } else if sum < k as i64 {
                i += 1;
            } else {
                j -= 1;
            }
        }
        count
    }
}
