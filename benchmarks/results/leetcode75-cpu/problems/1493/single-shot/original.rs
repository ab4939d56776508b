impl Solution {
    pub fn longest_subarray(nums: Vec<i32>) -> i32 {
        let n = nums.len();
        let mut best = 0;
        // From every start, grow the block until it would hold a second zero;
        // one element of the block (its zero, if any) is then deleted.
        for start in 0..n {
            if n - start <= best + 1 {
                break; // no longer block can start here
            }
            let mut zeros = 0;
            let mut end = start;
            while end < n {
                if nums[end] == 0 {
                    zeros += 1;
                    if zeros > 1 {
                        break;
                    }
                }
                end += 1;
            }
            if end - start - 1 > best {
                best = end - start - 1;
            }
        }
        best as i32
    }
}
