// Trims the ends but splits on single spaces, so runs of spaces between
// words survive as empty words.
impl Solution {
    pub fn reverse_words(s: String) -> String {
        s.trim().split(' ').rev().collect::<Vec<_>>().join(" ")
    }
}
