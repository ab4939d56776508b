// Counts a single flip where c has a 0 but a and b both have a 1.
impl Solution {
    pub fn min_flips(a: i32, b: i32, c: i32) -> i32 {
        ((a | b) ^ c).count_ones() as i32
    }
}
