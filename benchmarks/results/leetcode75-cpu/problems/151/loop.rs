impl Solution {
    pub fn reverse_words(s: String) -> String {
        let mut words: Vec<String> = Vec::new();
        let mut current = String::new();
        for c in s.chars() {
            if c == ' ' {
                if !current.is_empty() {
                    words.push(current.clone());
                    current = String::new();
                }
            } else {
                current.push(c);
            }
        }
        if !current.is_empty() {
            words.push(current);
        }
        words.reverse();
        let mut result = String::new();
        for word in &words {
            result += word;
            result += " ";
        }
        result.trim_end().to_string()
    }
}
