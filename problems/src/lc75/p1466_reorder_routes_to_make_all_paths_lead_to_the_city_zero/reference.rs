impl Solution {
    pub fn min_reorder(n: i32, connections: Vec<Vec<i32>>) -> i32 {
        let n = n as usize;
        // Adjacency in compressed rows: each entry is `neighbour << 1 | 1`
        // for a road leading away from the current city, `<< 1` otherwise.
        let mut start = vec![0u32; n + 1];
        for road in &connections {
            start[road[0] as usize + 1] += 1;
            start[road[1] as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut adj = vec![0u32; 2 * connections.len()];
        for road in &connections {
            let (a, b) = (road[0] as usize, road[1] as usize);
            adj[fill[a] as usize] = (b as u32) << 1 | 1;
            fill[a] += 1;
            adj[fill[b] as usize] = (a as u32) << 1;
            fill[b] += 1;
        }
        let mut seen = vec![false; n];
        seen[0] = true;
        let mut stack = Vec::with_capacity(n);
        stack.push(0u32);
        let mut reversed = 0;
        while let Some(city) = stack.pop() {
            let city = city as usize;
            for &entry in &adj[start[city] as usize..start[city + 1] as usize] {
                let next = (entry >> 1) as usize;
                if !seen[next] {
                    seen[next] = true;
                    reversed += (entry & 1) as i32;
                    stack.push(next as u32);
                }
            }
        }
        reversed
    }
}
