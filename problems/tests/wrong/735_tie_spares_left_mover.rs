// When two asteroids of the same size meet, only the right-moving one is
// destroyed; the left-moving one flies on.
impl Solution {
    pub fn asteroid_collision(asteroids: Vec<i32>) -> Vec<i32> {
        let mut stack: Vec<i32> = Vec::new();
        for x in asteroids {
            let mut alive = true;
            while x < 0 && stack.last().is_some_and(|&top| top > 0) {
                let top = *stack.last().unwrap();
                if top <= -x {
                    stack.pop();
                } else {
                    alive = false;
                    break;
                }
            }
            if alive {
                stack.push(x);
            }
        }
        stack
    }
}
