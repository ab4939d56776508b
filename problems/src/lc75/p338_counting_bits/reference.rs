impl Solution {
    pub fn count_bits(n: i32) -> Vec<i32> {
        // i has the bits of i / 2 plus its lowest bit.
        let n = n as usize;
        let mut ones = vec![0i32; n + 1];
        for i in 1..=n {
            ones[i] = ones[i >> 1] + (i & 1) as i32;
        }
        ones
    }
}
