// Walks the road list once, so it misses roads listed before the road that
// connects them to city 0.
impl Solution {
    pub fn min_reorder(n: i32, connections: Vec<Vec<i32>>) -> i32 {
        let mut reached = vec![false; n as usize];
        reached[0] = true;
        let mut reversed = 0;
        for road in &connections {
            let (a, b) = (road[0] as usize, road[1] as usize);
            if reached[a] && !reached[b] {
                reversed += 1;
                reached[b] = true;
            } else if reached[b] {
                reached[a] = true;
            }
        }
        reversed
    }
}
