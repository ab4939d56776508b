impl Solution {
    pub fn combination_sum3(k: i32, n: i32) -> Vec<Vec<i32>> {
        let mut result = Vec::new();
        let mut picked = Vec::with_capacity(9);
        Self::extend(1, k, n, &mut picked, &mut result);
        result
    }

    /// Picks `left` more numbers from `from..=9` summing to `sum`.
    fn extend(from: i32, left: i32, sum: i32, picked: &mut Vec<i32>, result: &mut Vec<Vec<i32>>) {
        if left == 0 {
            if sum == 0 {
                result.push(picked.clone());
            }
            return;
        }
        // The smallest and largest sums of `left` numbers from from..=9.
        let lowest = left * (2 * from + left - 1) / 2;
        let highest = left * (19 - left) / 2;
        if sum < lowest || sum > highest || from + left > 10 {
            return;
        }
        for x in from..=9 {
            if x * left + left * (left - 1) / 2 > sum {
                break;
            }
            picked.push(x);
            Self::extend(x + 1, left - 1, sum - x, picked, result);
            picked.pop();
        }
    }
}
