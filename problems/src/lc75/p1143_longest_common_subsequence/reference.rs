impl Solution {
    pub fn longest_common_subsequence(text1: String, text2: String) -> i32 {
        // Bit-parallel LCS (Hyyro): one bit per position of the shorter
        // string, 64 positions per word; each letter of the longer string
        // updates a whole column with V' = (V + (V & M)) | (V & !M), where M
        // marks the positions holding that letter. The answer is the number
        // of zero bits in V.
        let (a, b) = (text1.as_bytes(), text2.as_bytes());
        let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let m = a.len();
        let words = m.div_ceil(64);
        let mut masks = vec![0u64; 26 * words];
        for (i, &c) in a.iter().enumerate() {
            masks[(c - b'a') as usize * words + i / 64] |= 1 << (i % 64);
        }
        let mut v = vec![!0u64; words];
        for &c in b {
            let mask = &masks[(c - b'a') as usize * words..][..words];
            let mut carry = false;
            for (x, &mk) in v.iter_mut().zip(mask) {
                let u = *x & mk;
                let (sum, c1) = x.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry as u64);
                carry = c1 | c2;
                *x = sum | (*x & !mk);
            }
        }
        let mut zeros = 0;
        for (w, &x) in v.iter().enumerate() {
            let bits = (m - w * 64).min(64);
            let valid = if bits == 64 { !0 } else { (1u64 << bits) - 1 };
            zeros += (!x & valid).count_ones();
        }
        zeros as i32
    }
}
