// Never marks room 0 as entered, so a key to room 0 counts it a second time.
impl Solution {
    pub fn can_visit_all_rooms(rooms: Vec<Vec<i32>>) -> bool {
        let n = rooms.len();
        let mut seen = vec![false; n];
        let mut count = 1;
        let mut stack = vec![0usize];
        while let Some(room) = stack.pop() {
            for &key in &rooms[room] {
                let key = key as usize;
                if !seen[key] {
                    seen[key] = true;
                    count += 1;
                    stack.push(key);
                }
            }
        }
        count == n
    }
}
