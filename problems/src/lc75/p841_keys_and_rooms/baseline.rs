impl Solution {
    pub fn can_visit_all_rooms(rooms: Vec<Vec<i32>>) -> bool {
        let mut seen: Vec<i32> = vec![0];
        let mut todo: Vec<i32> = vec![0];
        while let Some(room) = todo.pop() {
            for key in rooms[room as usize].clone() {
                if !seen.contains(&key) {
                    seen.push(key);
                    todo.push(key);
                }
            }
        }
        seen.len() == rooms.len()
    }
}
