impl Solution {
    pub fn reverse_vowels(s: String) -> String {
        let vowels = "aeiouAEIOU";
        let mut chars: Vec<char> = s.chars().collect();
        let mut positions = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            if vowels.contains(*c) {
                positions.push(i);
            }
        }
        let found: Vec<char> = positions.iter().map(|&i| chars[i]).collect();
        for (k, &i) in positions.iter().enumerate() {
            chars[i] = found[found.len() - 1 - k];
        }
        chars.iter().collect()
    }
}
