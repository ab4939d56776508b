fn min_path_sum(grid: &[Vec<u32>]) -> u32 {
    let rows = grid.len();
    let cols = grid[0].len();
    let mut dp: Vec<Vec<u32>> = (0..rows).map(|_| vec![0; cols]).collect();
    (0..rows).for_each(|i| {
        (0..cols).for_each(|j| {
            dp[i][j] = grid[i][j]
                + match (i, j) {
                    (0, 0) => 0,
                    (0, _) => dp[i][j - 1],
                    (_, 0) => dp[i - 1][j],
                    _ => dp[i - 1][j].min(dp[i][j - 1]),
                };
        })
    });
    dp[rows - 1][cols - 1]
}
