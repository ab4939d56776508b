use std::collections::HashSet;

fn distinct_points(points: &[(i32, i32)]) -> usize {
    let seen: HashSet<String> = points.iter().map(|(x, y)| format!("{},{}", x, y)).collect();
    seen.len()
}
