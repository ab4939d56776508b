// Keeps the rows in a set, so a row that appears twice is counted once.
use std::collections::HashSet;

impl Solution {
    pub fn equal_pairs(grid: Vec<Vec<i32>>) -> i32 {
        let rows: HashSet<&Vec<i32>> = grid.iter().collect();
        let n = grid.len();
        let mut count = 0;
        for c in 0..n {
            let column: Vec<i32> = grid.iter().map(|row| row[c]).collect();
            if rows.contains(&column) {
                count += 1;
            }
        }
        count
    }
}
