impl Solution {
    pub fn oranges_rotting(grid: Vec<Vec<i32>>) -> i32 {
        let (rows, cols) = (grid.len(), grid[0].len());
        // Padded by a ring of empty cells; 1 marks a fresh orange.
        let width = cols + 2;
        let mut fresh = [0u8; 12 * 12];
        let mut queue = [0u8; 100];
        let (mut tail, mut left) = (0, 0);
        for (r, row) in grid.iter().enumerate() {
            for (c, &cell) in row.iter().enumerate() {
                let at = (r + 1) * width + c + 1;
                if cell == 1 {
                    fresh[at] = 1;
                    left += 1;
                } else if cell == 2 {
                    queue[tail] = at as u8;
                    tail += 1;
                }
            }
        }
        let (mut head, mut minutes) = (0, 0);
        while left > 0 && head < tail {
            minutes += 1;
            let end = tail;
            while head < end {
                let at = queue[head] as usize;
                head += 1;
                for next in [at - width, at + width, at - 1, at + 1] {
                    if fresh[next] == 1 {
                        fresh[next] = 0;
                        left -= 1;
                        queue[tail] = next as u8;
                        tail += 1;
                    }
                }
            }
        }
        if left > 0 { -1 } else { minutes }
    }
}
