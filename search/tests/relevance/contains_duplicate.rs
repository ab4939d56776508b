impl Solution {
    pub fn contains_duplicate(nums: Vec<i32>) -> bool {
        for i in 0..nums.len() {
            for j in 0..i {
                if nums[i] == nums[j] {
                    return true;
                }
            }
        }
        false
    }
}
