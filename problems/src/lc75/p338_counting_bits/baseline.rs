impl Solution {
    pub fn count_bits(n: i32) -> Vec<i32> {
        let mut result = Vec::new();
        for i in 0..=n {
            let mut x = i;
            let mut ones = 0;
            while x > 0 {
                if x % 2 == 1 {
                    ones += 1;
                }
                x /= 2;
            }
            result.push(ones);
        }
        result
    }
}
