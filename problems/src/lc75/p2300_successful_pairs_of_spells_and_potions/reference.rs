impl Solution {
    pub fn successful_pairs(spells: Vec<i32>, potions: Vec<i32>, success: i64) -> Vec<i32> {
        // Strengths lie in 1..=10^5: at_least[v] counts potions of strength >= v.
        const MAX: usize = 100_000;
        let mut at_least = vec![0i32; MAX + 2];
        for &p in &potions {
            at_least[p as usize] += 1;
        }
        for v in (1..=MAX).rev() {
            at_least[v] += at_least[v + 1];
        }
        spells
            .iter()
            .map(|&spell| {
                // The weakest potion that works: ceil(success / spell).
                let need = (success + spell as i64 - 1) / spell as i64;
                if need as usize > MAX { 0 } else { at_least[need as usize] }
            })
            .collect()
    }
}
