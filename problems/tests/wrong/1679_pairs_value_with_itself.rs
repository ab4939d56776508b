// Counts each value before looking for its partner, so a value equal to
// k / 2 can pair with itself.
use std::collections::HashMap;

impl Solution {
    pub fn max_operations(nums: Vec<i32>, k: i32) -> i32 {
        let mut count: HashMap<i32, i32> = HashMap::new();
        let mut operations = 0;
        for x in nums {
            *count.entry(x).or_insert(0) += 1;
            let need = k - x;
            if count.get(&need).copied().unwrap_or(0) > 0 {
                *count.get_mut(&need).unwrap() -= 1;
                *count.get_mut(&x).unwrap() -= 1;
                operations += 1;
            }
        }
        operations
    }
}
