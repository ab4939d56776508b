impl Solution {
    pub fn can_visit_all_rooms(rooms: Vec<Vec<i32>>) -> bool {
        let n = rooms.len();
        let mut seen = vec![false; n];
        seen[0] = true;
        let mut left = n - 1;
        let mut stack = Vec::with_capacity(n);
        stack.push(0usize);
        while let Some(room) = stack.pop() {
            for &key in &rooms[room] {
                let key = key as usize;
                if !seen[key] {
                    seen[key] = true;
                    left -= 1;
                    if left == 0 {
                        return true;
                    }
                    stack.push(key);
                }
            }
        }
        left == 0
    }
}
