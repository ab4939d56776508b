impl Solution {
    pub fn nearest_exit(maze: Vec<Vec<char>>, entrance: Vec<i32>) -> i32 {
        let (rows, cols) = (maze.len(), maze[0].len());
        // A grid padded by a ring of walls: 0 wall or seen, 1 open, 2 exit.
        let width = cols + 2;
        let mut grid = vec![0u8; (rows + 2) * width];
        for (r, row) in maze.iter().enumerate() {
            let border_row = r == 0 || r + 1 == rows;
            for (c, &cell) in row.iter().enumerate() {
                if cell == '.' {
                    let border = border_row || c == 0 || c + 1 == cols;
                    grid[(r + 1) * width + c + 1] = 1 + border as u8;
                }
            }
        }
        let start = (entrance[0] as usize + 1) * width + entrance[1] as usize + 1;
        grid[start] = 0;
        let mut queue = Vec::with_capacity(rows * cols);
        queue.push(start as u32);
        let (mut head, mut steps) = (0, 0);
        while head < queue.len() {
            steps += 1;
            let end = queue.len();
            while head < end {
                let at = queue[head] as usize;
                head += 1;
                for next in [at - width, at + width, at - 1, at + 1] {
                    match grid[next] {
                        0 => {}
                        2 => return steps,
                        _ => {
                            grid[next] = 0;
                            queue.push(next as u32);
                        }
                    }
                }
            }
        }
        -1
    }
}
