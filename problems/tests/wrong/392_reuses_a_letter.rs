// Searches for each letter from the previous match itself instead of just
// after it, so one letter of t can match several letters of s.
impl Solution {
    pub fn is_subsequence(s: String, t: String) -> bool {
        let mut pos = 0;
        for c in s.chars() {
            match t[pos..].find(c) {
                Some(i) => pos += i,
                None => return false,
            }
        }
        true
    }
}
