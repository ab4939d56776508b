impl Solution {
    pub fn min_flips(a: i32, b: i32, c: i32) -> i32 {
        let a_bits: Vec<char> = format!("{:032b}", a).chars().collect();
        let b_bits: Vec<char> = format!("{:032b}", b).chars().collect();
        let c_bits: Vec<char> = format!("{:032b}", c).chars().collect();
        let mut flips = 0;
        for i in 0..32 {
            if c_bits[i] == '1' {
                if a_bits[i] == '0' && b_bits[i] == '0' {
                    flips += 1;
                }
            } else {
                if a_bits[i] == '1' {
                    flips += 1;
                }
                if b_bits[i] == '1' {
                    flips += 1;
                }
            }
        }
        flips
    }
}
