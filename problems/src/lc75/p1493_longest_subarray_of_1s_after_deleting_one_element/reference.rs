impl Solution {
    pub fn longest_subarray(nums: Vec<i32>) -> i32 {
        // `before`: ones just before the last zero; `run`: ones since it.
        let (mut before, mut run, mut best) = (0, 0, 0);
        let mut saw_zero = false;
        for &x in &nums {
            if x == 1 {
                run += 1;
            } else {
                saw_zero = true;
                before = run;
                run = 0;
            }
            best = best.max(before + run);
        }
        // Without a zero, one of the ones has to go.
        if saw_zero { best } else { best - 1 }
    }
}
