impl Solution {
    pub fn suggested_products(products: Vec<String>, search_word: String) -> Vec<Vec<String>> {
        let mut result = Vec::new();
        for i in 1..=search_word.len() {
            let prefix = search_word[..i].to_string();
            let mut matches: Vec<String> = products.iter().filter(|p| p.starts_with(&prefix)).cloned().collect();
            matches.sort();
            matches.truncate(3);
            result.push(matches);
        }
        result
    }
}
