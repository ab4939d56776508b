impl Solution {
    pub fn daily_temperatures(temperatures: Vec<i32>) -> Vec<i32> {
        // Right to left: answer[j] already links day j to the next day
        // warmer than it, so from day i follow those links past every day
        // that is not warmer than day i. The days a search steps on are the
        // ones a monotonic stack would pop: O(n) in all, with no stack.
        let t = &temperatures;
        let n = t.len();
        let mut answer = vec![0i32; n];
        for i in (0..n.saturating_sub(1)).rev() {
            let mut j = i + 1;
            while t[j] <= t[i] {
                if answer[j] == 0 {
                    j = n;
                    break;
                }
                j += answer[j] as usize;
            }
            if j < n {
                answer[i] = (j - i) as i32;
            }
        }
        answer
    }
}
