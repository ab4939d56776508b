// Treats the entrance as an exit when it lies on the border.
use std::collections::VecDeque;

impl Solution {
    pub fn nearest_exit(maze: Vec<Vec<char>>, entrance: Vec<i32>) -> i32 {
        let (rows, cols) = (maze.len(), maze[0].len());
        let mut seen = vec![vec![false; cols]; rows];
        let start = (entrance[0] as usize, entrance[1] as usize);
        seen[start.0][start.1] = true;
        let mut queue = VecDeque::from([(start, 0)]);
        while let Some(((r, c), steps)) = queue.pop_front() {
            if r == 0 || c == 0 || r + 1 == rows || c + 1 == cols {
                return steps;
            }
            for (nr, nc) in [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)] {
                if maze[nr][nc] == '.' && !seen[nr][nc] {
                    seen[nr][nc] = true;
                    queue.push_back(((nr, nc), steps + 1));
                }
            }
        }
        -1
    }
}
