// Erases the character just before each star in the original string, which
// is wrong when stars follow each other.
impl Solution {
    pub fn remove_stars(s: String) -> String {
        let bytes = s.as_bytes();
        let mut erased = vec![false; bytes.len()];
        for i in 0..bytes.len() {
            if bytes[i] == b'*' {
                erased[i] = true;
                erased[i - 1] = true;
            }
        }
        bytes.iter().zip(&erased).filter(|(_, &e)| !e).map(|(&b, _)| b as char).collect()
    }
}
