use std::collections::HashMap;

impl Solution {
    pub fn letter_combinations(digits: String) -> Vec<String> {
        if digits.is_empty() {
            return vec![];
        }
        let mut keypad: HashMap<char, Vec<char>> = HashMap::new();
        keypad.insert('2', "abc".chars().collect());
        keypad.insert('3', "def".chars().collect());
        keypad.insert('4', "ghi".chars().collect());
        keypad.insert('5', "jkl".chars().collect());
        keypad.insert('6', "mno".chars().collect());
        keypad.insert('7', "pqrs".chars().collect());
        keypad.insert('8', "tuv".chars().collect());
        keypad.insert('9', "wxyz".chars().collect());
        let mut result = vec![String::new()];
        for digit in digits.chars() {
            let mut next = Vec::new();
            for prefix in &result {
                for letter in &keypad[&digit] {
                    let mut word = prefix.clone();
                    word.push(*letter);
                    next.push(word);
                }
            }
            result = next;
        }
        result
    }
}
