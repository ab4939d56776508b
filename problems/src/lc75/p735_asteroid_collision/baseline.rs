impl Solution {
    pub fn asteroid_collision(asteroids: Vec<i32>) -> Vec<i32> {
        let mut row = asteroids.clone();
        // Resolve the first collision in the row, then look again from the
        // start, until there is none.
        loop {
            let mut collided = false;
            let mut i = 0;
            while i + 1 < row.len() {
                if row[i] > 0 && row[i + 1] < 0 {
                    let right = row[i];
                    let left = -row[i + 1];
                    if right > left {
                        row.remove(i + 1);
                    } else if right < left {
                        row.remove(i);
                    } else {
                        row.remove(i + 1);
                        row.remove(i);
                    }
                    collided = true;
                    break;
                }
                i += 1;
            }
            if !collided {
                break;
            }
        }
        row
    }
}
