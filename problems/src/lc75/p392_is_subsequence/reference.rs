impl Solution {
    pub fn is_subsequence(s: String, t: String) -> bool {
        let s = s.as_bytes();
        let mut matched = 0;
        for &c in t.as_bytes() {
            if matched == s.len() {
                break;
            }
            if c == s[matched] {
                matched += 1;
            }
        }
        matched == s.len()
    }
}
