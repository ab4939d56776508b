// Starts a new province at every city with no direct road to an earlier
// city, missing cities joined to earlier ones only through later ones.
impl Solution {
    pub fn find_circle_num(is_connected: Vec<Vec<i32>>) -> i32 {
        let n = is_connected.len();
        let mut count = 0;
        for i in 0..n {
            if (0..i).all(|j| is_connected[i][j] == 0) {
                count += 1;
            }
        }
        count
    }
}
