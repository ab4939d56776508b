// Uses `<` where `<=` is needed, so equal values extend the triplet.
impl Solution {
    pub fn increasing_triplet(nums: Vec<i32>) -> bool {
        let (mut first, mut second) = (i32::MAX, i32::MAX);
        for &x in &nums {
            if x < first {
                first = x;
            } else if x < second {
                second = x;
            } else {
                return true;
            }
        }
        false
    }
}
