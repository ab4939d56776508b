impl Solution {
    pub fn reverse_vowels(s: String) -> String {
        const fn table() -> [bool; 256] {
            let mut t = [false; 256];
            let vowels = b"aeiouAEIOU";
            let mut i = 0;
            while i < vowels.len() {
                t[vowels[i] as usize] = true;
                i += 1;
            }
            t
        }
        const VOWEL: [bool; 256] = table();
        let mut bytes = s.into_bytes();
        if bytes.is_empty() {
            return String::new();
        }
        let (mut i, mut j) = (0, bytes.len() - 1);
        while i < j {
            if !VOWEL[bytes[i] as usize] {
                i += 1;
            } else if !VOWEL[bytes[j] as usize] {
                j -= 1;
            } else {
                bytes.swap(i, j);
                i += 1;
                j -= 1;
            }
        }
        // Only ASCII bytes were swapped, so the string stays UTF-8.
        String::from_utf8(bytes).unwrap()
    }
}
