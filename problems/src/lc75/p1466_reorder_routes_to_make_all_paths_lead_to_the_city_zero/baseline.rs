impl Solution {
    pub fn min_reorder(n: i32, connections: Vec<Vec<i32>>) -> i32 {
        let mut reached = vec![false; n as usize];
        reached[0] = true;
        let mut reversed = 0;
        loop {
            let mut progress = false;
            for road in &connections {
                let (a, b) = (road[0] as usize, road[1] as usize);
                if reached[a] && !reached[b] {
                    // The road leads away from city 0: turn it around.
                    reversed += 1;
                    reached[b] = true;
                    progress = true;
                } else if reached[b] && !reached[a] {
                    reached[a] = true;
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
        reversed
    }
}
