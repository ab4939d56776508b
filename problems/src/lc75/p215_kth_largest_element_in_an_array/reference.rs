impl Solution {
    pub fn find_kth_largest(nums: Vec<i32>, k: i32) -> i32 {
        // Values lie in [-10^4, 10^4]: count them, then walk down from the top.
        const OFFSET: i32 = 10_000;
        let mut counts = vec![0u32; 2 * OFFSET as usize + 1];
        for &x in &nums {
            counts[(x + OFFSET) as usize] += 1;
        }
        let mut left = k as u32;
        for (i, &count) in counts.iter().enumerate().rev() {
            if count >= left {
                return i as i32 - OFFSET;
            }
            left -= count;
        }
        unreachable!("k is at most nums.len()")
    }
}
