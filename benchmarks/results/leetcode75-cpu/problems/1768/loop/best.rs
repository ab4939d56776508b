impl Solution {
    pub fn merge_alternately(word1: String, word2: String) -> String {
        let a: Vec<char> = word1.chars().collect();
        let b: Vec<char> = word2.chars().collect();
        let mut merged = String::new();
        let mut i = 0;
        while i < a.len() || i < b.len() {
            if i < a.len() {
                merged.push(a[i]);
            }
            if i < b.len() {
                merged.push(b[i]);
            }
            i += 1;
        }
        merged
    }
}
