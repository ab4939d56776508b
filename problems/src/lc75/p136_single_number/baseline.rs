use std::collections::HashMap;

impl Solution {
    pub fn single_number(nums: Vec<i32>) -> i32 {
        let mut counts: HashMap<i32, i32> = HashMap::new();
        for &x in &nums {
            *counts.entry(x).or_insert(0) += 1;
        }
        for (&x, &c) in &counts {
            if c == 1 {
                return x;
            }
        }
        unreachable!()
    }
}
