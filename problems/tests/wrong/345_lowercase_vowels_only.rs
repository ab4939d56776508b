// Treats only lowercase letters as vowels.
impl Solution {
    pub fn reverse_vowels(s: String) -> String {
        let mut b = s.into_bytes();
        let is_vowel = |c: u8| b"aeiou".contains(&c);
        let (mut i, mut j) = (0, b.len().saturating_sub(1));
        while i < j {
            if !is_vowel(b[i]) {
                i += 1;
            } else if !is_vowel(b[j]) {
                j -= 1;
            } else {
                b.swap(i, j);
                i += 1;
                j -= 1;
            }
        }
        String::from_utf8(b).unwrap()
    }
}
