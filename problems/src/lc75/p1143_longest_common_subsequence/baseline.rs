impl Solution {
    pub fn longest_common_subsequence(text1: String, text2: String) -> i32 {
        let a: Vec<char> = text1.chars().collect();
        let b: Vec<char> = text2.chars().collect();
        let (n, m) = (a.len(), b.len());
        // dp[i][j]: the answer for a[..i] and b[..j].
        let mut dp = vec![vec![0; m + 1]; n + 1];
        for i in 1..=n {
            for j in 1..=m {
                if a[i - 1] == b[j - 1] {
                    dp[i][j] = dp[i - 1][j - 1] + 1;
                } else {
                    dp[i][j] = std::cmp::max(dp[i - 1][j], dp[i][j - 1]);
                }
            }
        }
        dp[n][m]
    }
}
