use std::collections::HashMap;

impl Solution {
    pub fn close_strings(word1: String, word2: String) -> bool {
        let mut count1: HashMap<char, i32> = HashMap::new();
        for c in word1.chars() {
            *count1.entry(c).or_insert(0) += 1;
        }
        let mut count2: HashMap<char, i32> = HashMap::new();
        for c in word2.chars() {
            *count2.entry(c).or_insert(0) += 1;
        }
        let mut letters1: Vec<char> = count1.keys().cloned().collect();
        let mut letters2: Vec<char> = count2.keys().cloned().collect();
        letters1.sort();
        letters2.sort();
        if letters1 != letters2 {
            return false;
        }
        let mut freq1: Vec<i32> = count1.values().cloned().collect();
        let mut freq2: Vec<i32> = count2.values().cloned().collect();
        freq1.sort();
        freq2.sort();
        freq1 == freq2
    }
}
