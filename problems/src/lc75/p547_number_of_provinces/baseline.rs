impl Solution {
    pub fn find_circle_num(is_connected: Vec<Vec<i32>>) -> i32 {
        let n = is_connected.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(parent: &Vec<usize>, x: usize) -> usize {
            if parent[x] == x {
                x
            } else {
                find(parent, parent[x])
            }
        }
        for i in 0..n {
            for j in i + 1..n {
                if is_connected[i][j] == 1 {
                    let a = find(&parent, i);
                    let b = find(&parent, j);
                    if a != b {
                        parent[a] = b;
                    }
                }
            }
        }
        let mut count = 0;
        for i in 0..n {
            if find(&parent, i) == i {
                count += 1;
            }
        }
        count
    }
}
