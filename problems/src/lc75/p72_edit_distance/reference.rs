impl Solution {
    pub fn min_distance(word1: String, word2: String) -> i32 {
        // Myers' bit-vector algorithm, in blocks of 64 rows: the column of
        // the edit table for word1 (rows) against a prefix of word2 is kept
        // as bit vectors of its vertical differences, +1 (pv) and -1 (mv);
        // each letter of word2 advances every block, passing the horizontal
        // difference at the block's last row down to the next block. The
        // score follows the table's bottom row.
        let (p, t) = (word1.as_bytes(), word2.as_bytes());
        let m = p.len();
        if m == 0 {
            return t.len() as i32;
        }
        let blocks = m.div_ceil(64);
        let mut peq = vec![0u64; 26 * blocks];
        for (i, &c) in p.iter().enumerate() {
            peq[(c - b'a') as usize * blocks + i / 64] |= 1 << (i % 64);
        }
        let mut pv = vec![!0u64; blocks];
        let mut mv = vec![0u64; blocks];
        let last_row = 1u64 << ((m - 1) % 64);
        let mut score = m as i32;
        for &c in t {
            let eqs = &peq[(c - b'a') as usize * blocks..][..blocks];
            // The top row grows by one per column.
            let mut hin = 1i32;
            for b in 0..blocks {
                let (pvb, mvb) = (pv[b], mv[b]);
                let mut eq = eqs[b];
                let xv = eq | mvb;
                if hin < 0 {
                    eq |= 1;
                }
                let xh = ((eq & pvb).wrapping_add(pvb) ^ pvb) | eq;
                let mut ph = mvb | !(xh | pvb);
                let mut mh = pvb & xh;
                let high = if b + 1 == blocks { last_row } else { 1 << 63 };
                let hout = if ph & high != 0 {
                    1
                } else if mh & high != 0 {
                    -1
                } else {
                    0
                };
                ph <<= 1;
                mh <<= 1;
                if hin < 0 {
                    mh |= 1;
                } else if hin > 0 {
                    ph |= 1;
                }
                pv[b] = mh | !(xv | ph);
                mv[b] = ph & xv;
                hin = hout;
            }
            score += hin;
        }
        score
    }
}
