use std::collections::{HashSet, VecDeque};

impl Solution {
    pub fn nearest_exit(maze: Vec<Vec<char>>, entrance: Vec<i32>) -> i32 {
        let rows = maze.len() as i32;
        let cols = maze[0].len() as i32;
        let start = (entrance[0], entrance[1]);
        let mut visited: HashSet<(i32, i32)> = HashSet::new();
        let mut queue: VecDeque<((i32, i32), i32)> = VecDeque::new();
        visited.insert(start);
        queue.push_back((start, 0));
        while let Some(((r, c), steps)) = queue.pop_front() {
            let is_border = r == 0 || c == 0 || r == rows - 1 || c == cols - 1;
            if is_border && (r, c) != start {
                return steps;
            }
            let moves = vec![(-1, 0), (1, 0), (0, -1), (0, 1)];
            for (dr, dc) in moves {
                let (nr, nc) = (r + dr, c + dc);
                if nr < 0 || nc < 0 || nr >= rows || nc >= cols {
                    continue;
                }
                if maze[nr as usize][nc as usize] == '.' && !visited.contains(&(nr, nc)) {
                    visited.insert((nr, nc));
                    queue.push_back(((nr, nc), steps + 1));
                }
            }
        }
        -1
    }
}
