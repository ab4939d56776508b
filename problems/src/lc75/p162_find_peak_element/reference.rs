impl Solution {
    pub fn find_peak_element(nums: Vec<i32>) -> i32 {
        // A peak always lies in lo..=hi: the slope rises into lo and falls
        // out of hi.
        let (mut lo, mut hi) = (0, nums.len() - 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if nums[mid] < nums[mid + 1] {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo as i32
    }
}
