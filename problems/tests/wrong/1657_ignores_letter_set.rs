// Compares the sorted letter counts but not which letters occur.
impl Solution {
    pub fn close_strings(word1: String, word2: String) -> bool {
        let count = |word: &str| {
            let mut counts = [0u32; 26];
            for &b in word.as_bytes() {
                counts[(b - b'a') as usize] += 1;
            }
            counts.sort_unstable();
            counts
        };
        count(&word1) == count(&word2)
    }
}
