impl Solution {
    pub fn asteroid_collision(mut asteroids: Vec<i32>) -> Vec<i32> {
        // asteroids[..top] is the stack of survivors so far.
        let mut top = 0;
        for i in 0..asteroids.len() {
            let x = asteroids[i];
            let mut alive = true;
            if x < 0 {
                while top > 0 && asteroids[top - 1] > 0 {
                    let last = asteroids[top - 1];
                    if last < -x {
                        top -= 1;
                        continue;
                    }
                    if last == -x {
                        top -= 1;
                    }
                    alive = false;
                    break;
                }
            }
            if alive {
                asteroids[top] = x;
                top += 1;
            }
        }
        asteroids.truncate(top);
        asteroids
    }
}
