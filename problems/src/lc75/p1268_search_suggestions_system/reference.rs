impl Solution {
    pub fn suggested_products(mut products: Vec<String>, search_word: String) -> Vec<Vec<String>> {
        // In sorted order the products starting with a prefix form a range;
        // each new letter only narrows it from both ends.
        products.sort_unstable();
        let word = search_word.as_bytes();
        let mut result = Vec::with_capacity(word.len());
        let (mut lo, mut hi) = (0, products.len());
        for (i, &c) in word.iter().enumerate() {
            let fits = |p: &String| p.as_bytes().get(i) == Some(&c);
            while lo < hi && !fits(&products[lo]) {
                lo += 1;
            }
            while lo < hi && !fits(&products[hi - 1]) {
                hi -= 1;
            }
            result.push(products[lo..hi.min(lo + 3)].to_vec());
        }
        result
    }
}
