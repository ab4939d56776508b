impl Solution {
    pub fn letter_combinations(digits: String) -> Vec<String> {
        const KEYS: [&[u8]; 8] = [b"abc", b"def", b"ghi", b"jkl", b"mno", b"pqrs", b"tuv", b"wxyz"];
        let keys: Vec<&[u8]> = digits.bytes().map(|d| KEYS[(d - b'2') as usize]).collect();
        if keys.is_empty() {
            return Vec::new();
        }
        let total: usize = keys.iter().map(|k| k.len()).product();
        let mut result = Vec::with_capacity(total);
        // An odometer over the letter choices, last digit fastest.
        let mut choice = [0usize; 4];
        let mut word: Vec<u8> = keys.iter().map(|k| k[0]).collect();
        for _ in 0..total {
            // Only ASCII letters, so the bytes are valid UTF-8.
            result.push(String::from_utf8(word.clone()).unwrap());
            let mut i = keys.len();
            while i > 0 {
                i -= 1;
                choice[i] += 1;
                if choice[i] < keys[i].len() {
                    word[i] = keys[i][choice[i]];
                    break;
                }
                choice[i] = 0;
                word[i] = keys[i][0];
            }
        }
        result
    }
}
