use std::collections::HashMap;

impl Solution {
    pub fn equal_pairs(grid: Vec<Vec<i32>>) -> i32 {
        let n = grid.len();
        let mut rows: HashMap<&[i32], i32> = HashMap::with_capacity(n);
        for row in &grid {
            *rows.entry(row.as_slice()).or_insert(0) += 1;
        }
        let mut column = vec![0; n];
        let mut count = 0;
        for c in 0..n {
            for (r, row) in grid.iter().enumerate() {
                column[r] = row[c];
            }
            count += rows.get(column.as_slice()).copied().unwrap_or(0);
        }
        count
    }
}
