impl Solution {
    pub fn find_circle_num(is_connected: Vec<Vec<i32>>) -> i32 {
        let n = is_connected.len();
        let mut seen = vec![false; n];
        let mut stack = Vec::with_capacity(n);
        let mut provinces = 0;
        for start in 0..n {
            if seen[start] {
                continue;
            }
            provinces += 1;
            seen[start] = true;
            stack.push(start);
            while let Some(city) = stack.pop() {
                for (other, &road) in is_connected[city].iter().enumerate() {
                    if road == 1 && !seen[other] {
                        seen[other] = true;
                        stack.push(other);
                    }
                }
            }
        }
        provinces
    }
}
