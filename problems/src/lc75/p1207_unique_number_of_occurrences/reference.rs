impl Solution {
    pub fn unique_occurrences(arr: Vec<i32>) -> bool {
        // Values lie in -1000..=1000, so a plain array counts them.
        let mut counts = [0u32; 2001];
        for &x in &arr {
            counts[(x + 1000) as usize] += 1;
        }
        let mut taken = vec![false; arr.len() + 1];
        for &c in counts.iter().filter(|&&c| c > 0) {
            if taken[c as usize] {
                return false;
            }
            taken[c as usize] = true;
        }
        true
    }
}
