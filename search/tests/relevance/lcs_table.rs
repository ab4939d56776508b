impl Solution {
    pub fn longest_common_subsequence(text1: String, text2: String) -> i32 {
        let a: Vec<char> = text1.chars().collect();
        let b: Vec<char> = text2.chars().collect();
        let mut dp = vec![vec![0; b.len() + 1]; a.len() + 1];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                dp[i][j] = if a[i - 1] == b[j - 1] { dp[i - 1][j - 1] + 1 } else { dp[i - 1][j].max(dp[i][j - 1]) };
            }
        }
        dp[a.len()][b.len()]
    }
}
