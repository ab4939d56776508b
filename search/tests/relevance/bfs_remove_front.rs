fn shortest_steps(adj: &Vec<Vec<usize>>, start: usize, goal: usize) -> Option<usize> {
    let mut dist = vec![usize::MAX; adj.len()];
    let mut queue = vec![start];
    dist[start] = 0;
    while !queue.is_empty() {
        let u = queue.remove(0);
        if u == goal {
            return Some(dist[u]);
        }
        for &v in &adj[u] {
            if dist[v] == usize::MAX {
                dist[v] = dist[u] + 1;
                queue.push(v);
            }
        }
    }
    None
}
