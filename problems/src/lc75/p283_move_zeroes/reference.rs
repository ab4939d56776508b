impl Solution {
    pub fn move_zeroes(nums: &mut Vec<i32>) {
        let mut write = 0;
        for read in 0..nums.len() {
            let x = nums[read];
            if x != 0 {
                nums[write] = x;
                write += 1;
            }
        }
        nums[write..].fill(0);
    }
}
