impl Solution {
    pub fn combination_sum3(k: i32, n: i32) -> Vec<Vec<i32>> {
        let mut result = Vec::new();
        // Every subset of 1..=9 as a bit mask.
        for mask in 0..(1 << 9) {
            let mut numbers = Vec::new();
            for bit in 0..9 {
                if mask & (1 << bit) != 0 {
                    numbers.push(bit + 1);
                }
            }
            if numbers.len() == k as usize && numbers.iter().sum::<i32>() == n {
                result.push(numbers);
            }
        }
        result
    }
}
