// Compacts the non-zero values but never reads the last element.
impl Solution {
    pub fn move_zeroes(nums: &mut Vec<i32>) {
        let mut write = 0;
        for read in 0..nums.len() - 1 {
            if nums[read] != 0 {
                nums[write] = nums[read];
                write += 1;
            }
        }
        nums[write..].fill(0);
    }
}
