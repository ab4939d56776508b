impl Solution {
    pub fn is_subsequence(s: String, t: String) -> bool {
        // s is a subsequence of t exactly when their longest common
        // subsequence is all of s.
        let a: Vec<char> = s.chars().collect();
        let b: Vec<char> = t.chars().collect();
        let (n, m) = (a.len(), b.len());
        let mut dp = vec![vec![0; m + 1]; n + 1];
        for i in 1..=n {
            for j in 1..=m {
                dp[i][j] = if a[i - 1] == b[j - 1] { dp[i - 1][j - 1] + 1 } else { dp[i - 1][j].max(dp[i][j - 1]) };
            }
        }
        dp[n][m] == n
    }
}
