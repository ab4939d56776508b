impl Solution {
    pub fn min_flips(a: i32, b: i32, c: i32) -> i32 {
        // Every bit where a | b differs from c needs a flip, and a bit of c
        // that is 0 where a and b are both 1 needs a second one.
        (((a | b) ^ c).count_ones() + (a & b & !c).count_ones()) as i32
    }
}
