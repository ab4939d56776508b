// Returns 0 at once when no orange is rotten, even if fresh ones exist.
use std::collections::VecDeque;

impl Solution {
    pub fn oranges_rotting(grid: Vec<Vec<i32>>) -> i32 {
        let mut grid = grid;
        let (rows, cols) = (grid.len(), grid[0].len());
        let mut queue = VecDeque::new();
        let mut fresh = 0;
        for r in 0..rows {
            for c in 0..cols {
                match grid[r][c] {
                    2 => queue.push_back((r, c)),
                    1 => fresh += 1,
                    _ => {}
                }
            }
        }
        if queue.is_empty() {
            return 0;
        }
        let mut minutes = 0;
        while fresh > 0 && !queue.is_empty() {
            minutes += 1;
            for _ in 0..queue.len() {
                let (r, c) = queue.pop_front().unwrap();
                let mut next = vec![];
                if r > 0 {
                    next.push((r - 1, c));
                }
                if r + 1 < rows {
                    next.push((r + 1, c));
                }
                if c > 0 {
                    next.push((r, c - 1));
                }
                if c + 1 < cols {
                    next.push((r, c + 1));
                }
                for (nr, nc) in next {
                    if grid[nr][nc] == 1 {
                        grid[nr][nc] = 2;
                        fresh -= 1;
                        queue.push_back((nr, nc));
                    }
                }
            }
        }
        if fresh > 0 { -1 } else { minutes }
    }
}
