impl Solution {
    pub fn unique_paths(m: i32, n: i32) -> i32 {
        // C(m + n - 2, k) with k the smaller of m - 1 and n - 1. After step
        // i, `paths` is C(m + n - 2 - k + i, i), at most the answer, so
        // `paths * top` stays far inside a u64.
        let k = (m.min(n) - 1) as u64;
        let top = (m.max(n) - 1) as u64;
        let mut paths: u64 = 1;
        for i in 1..=k {
            paths = paths * (top + i) / i;
        }
        paths as i32
    }
}
