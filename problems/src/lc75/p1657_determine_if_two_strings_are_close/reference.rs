impl Solution {
    pub fn close_strings(word1: String, word2: String) -> bool {
        if word1.len() != word2.len() {
            return false;
        }
        let count = |word: &str| {
            let mut counts = [0u32; 26];
            for &b in word.as_bytes() {
                counts[(b - b'a') as usize] += 1;
            }
            counts
        };
        let (mut a, mut b) = (count(&word1), count(&word2));
        // The same letters must occur in both words.
        let letters = |counts: &[u32; 26]| counts.iter().fold(0u32, |mask, &c| mask << 1 | (c > 0) as u32);
        if letters(&a) != letters(&b) {
            return false;
        }
        // And their counts must be the same multiset.
        a.sort_unstable();
        b.sort_unstable();
        a == b
    }
}
