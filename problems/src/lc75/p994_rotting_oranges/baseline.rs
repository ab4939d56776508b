impl Solution {
    pub fn oranges_rotting(grid: Vec<Vec<i32>>) -> i32 {
        let mut grid = grid;
        let rows = grid.len();
        let cols = grid[0].len();
        let mut minutes = 0;
        loop {
            let mut next = grid.clone();
            let mut changed = false;
            for r in 0..rows {
                for c in 0..cols {
                    if grid[r][c] != 2 {
                        continue;
                    }
                    let mut neighbours = Vec::new();
                    if r > 0 {
                        neighbours.push((r - 1, c));
                    }
                    if r + 1 < rows {
                        neighbours.push((r + 1, c));
                    }
                    if c > 0 {
                        neighbours.push((r, c - 1));
                    }
                    if c + 1 < cols {
                        neighbours.push((r, c + 1));
                    }
                    for (nr, nc) in neighbours {
                        if grid[nr][nc] == 1 {
                            next[nr][nc] = 2;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
            grid = next;
            minutes += 1;
        }
        for row in &grid {
            for &cell in row {
                if cell == 1 {
                    return -1;
                }
            }
        }
        minutes
    }
}
