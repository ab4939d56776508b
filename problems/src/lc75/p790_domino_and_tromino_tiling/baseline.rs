impl Solution {
    pub fn num_tilings(n: i32) -> i32 {
        const MOD: i64 = 1_000_000_007;
        let n = n as usize;
        // ways[i]: tilings of a 2 x i board. The last piece is a vertical
        // domino (width 1), two horizontal dominoes (width 2), or a block of
        // width k >= 3 made of two trominoes and horizontal dominoes, which
        // comes in two mirror images.
        let mut ways = vec![0i64; n + 1];
        ways[0] = 1;
        for i in 1..=n {
            let mut total = ways[i - 1];
            if i >= 2 {
                total += ways[i - 2];
            }
            for k in 3..=i {
                total += 2 * ways[i - k];
            }
            ways[i] = total % MOD;
        }
        ways[n] as i32
    }
}
