// Stops at the next day that is at least as warm, not strictly warmer.
impl Solution {
    pub fn daily_temperatures(temperatures: Vec<i32>) -> Vec<i32> {
        let n = temperatures.len();
        let mut answer = vec![0; n];
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..n {
            while let Some(&j) = stack.last() {
                if temperatures[j] > temperatures[i] {
                    break;
                }
                answer[j] = (i - j) as i32;
                stack.pop();
            }
            stack.push(i);
        }
        answer
    }
}
