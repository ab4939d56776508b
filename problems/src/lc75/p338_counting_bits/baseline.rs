impl Solution {
    pub fn count_bits(n: i32) -> Vec<i32> {
        let mut result = Vec::new();
        for i in 0..=n {
            let binary = format!("{:b}", i);
            let ones = binary.chars().filter(|&c| c == '1').count();
            result.push(ones as i32);
        }
        result
    }
}
