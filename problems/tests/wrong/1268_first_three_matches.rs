// Takes the first three matches in the given order, then sorts them.
impl Solution {
    pub fn suggested_products(products: Vec<String>, search_word: String) -> Vec<Vec<String>> {
        (1..=search_word.len())
            .map(|i| {
                let prefix = &search_word[..i];
                let mut found: Vec<String> = products.iter().filter(|p| p.starts_with(prefix)).take(3).cloned().collect();
                found.sort();
                found
            })
            .collect()
    }
}
