impl Solution {
    pub fn equal_pairs(grid: Vec<Vec<i32>>) -> i32 {
        let n = grid.len();
        let mut count = 0;
        for r in 0..n {
            for c in 0..n {
                let column: Vec<i32> = grid.iter().map(|row| row[c]).collect();
                if grid[r] == column {
                    count += 1;
                }
            }
        }
        count
    }
}
