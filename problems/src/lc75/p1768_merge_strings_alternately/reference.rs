impl Solution {
    pub fn merge_alternately(word1: String, word2: String) -> String {
        let (a, b) = (word1.as_bytes(), word2.as_bytes());
        let common = a.len().min(b.len());
        let mut merged = Vec::with_capacity(a.len() + b.len());
        for (&x, &y) in a[..common].iter().zip(&b[..common]) {
            merged.push(x);
            merged.push(y);
        }
        merged.extend_from_slice(&a[common..]);
        merged.extend_from_slice(&b[common..]);
        // Only ASCII letters went in, so the bytes are valid UTF-8.
        String::from_utf8(merged).unwrap()
    }
}
