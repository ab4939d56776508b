impl Solution {
    pub fn move_zeroes(nums: &mut Vec<i32>) {
        // Bubble each zero to the right past its non-zero neighbours until a
        // pass changes nothing.
        let n = nums.len();
        loop {
            let mut swapped = false;
            for j in 0..n - 1 {
                if nums[j] == 0 && nums[j + 1] != 0 {
                    nums.swap(j, j + 1);
                    swapped = true;
                }
            }
            if !swapped {
                break;
            }
        }
    }
}
