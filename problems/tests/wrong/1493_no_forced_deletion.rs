// Forgets that an element must be deleted even when every element is a one.
impl Solution {
    pub fn longest_subarray(nums: Vec<i32>) -> i32 {
        let (mut before, mut run, mut best) = (0, 0, 0);
        for &x in &nums {
            if x == 1 {
                run += 1;
            } else {
                before = run;
                run = 0;
            }
            best = best.max(before + run);
        }
        best
    }
}
